#!/usr/bin/python3
"""An SMTP sink on 127.0.0.1 for tests (Debian's python3-aiosmtpd).

Usage: /usr/bin/python3 smtp_sink.py DIR  (Debian's python3, which has aiosmtpd)
Accepts every message and stores each one, as received (the raw MIME
bytes), in DIR/1.eml, DIR/2.eml, ... with the envelope in DIR/N.env
("from\\nrcpt..."). Prints "PORT <n>" on standard output once it listens,
then runs until killed. No STARTTLS is offered (a client that requires it
must fail).
"""
import os
import socket
import sys
import threading
import time

from aiosmtpd.controller import Controller


class Store:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            n = self.count
        base = os.path.join(self.directory, str(n))
        with open(base + ".env", "w", encoding="utf-8") as f:
            f.write(envelope.mail_from + "\n" + "\n".join(envelope.rcpt_tos) + "\n")
        # Write then rename: a reader never sees half a message.
        with open(base + ".tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.rename(base + ".tmp", base + ".eml")
        return "250 OK"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    directory = sys.argv[1]
    os.makedirs(directory, exist_ok=True)
    port = free_port()
    controller = Controller(Store(directory), hostname="127.0.0.1", port=port)
    controller.start()
    print("PORT", port, flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
