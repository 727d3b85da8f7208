#pragma once
/// Printing a digest page to PDF, or taking a PNG screenshot of it, through
/// headless Chromium (Debian package `chromium`). The edge of the digest:
/// it writes files and runs a process.
///
/// The browser is PROVWATCH_CHROMIUM when set, else
/// /usr/lib/chromium/chromium (the binary; /usr/bin/chromium is a shell
/// wrapper that prints a harmless error here), else the first `chromium` on
/// PATH. It runs with --headless --no-sandbox --disable-gpu, a throw-away
/// profile directory and no network use beyond the file:// page, and is
/// killed after `timeout`. Blocking: call it off the I/O thread.
#include <chrono>
#include <string>

#include "core/result.h"

namespace pw::daemon {

/// The Chromium binary, or an Error (Vietnamese then English) saying how to install it.
Result<std::string> FindChromium();

/// Writes `html` to a temporary file, prints it to `pdf_path` (A4, as the
/// page's print CSS says, without the browser's header and footer).
Status PrintHtmlToPdf(const std::string& html, const std::string& pdf_path,
                      std::chrono::seconds timeout = std::chrono::seconds(60));

/// Same, a PNG screenshot of `width` x `height` CSS pixels.
Status ScreenshotHtml(const std::string& html, const std::string& png_path, int width = 800,
                      int height = 1800, std::chrono::seconds timeout = std::chrono::seconds(60));

}  // namespace pw::daemon
