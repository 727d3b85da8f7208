#pragma once
/// Running the real provwatch binary from tests: a child process with its
/// standard output and error captured to files (no pipe deadlocks), signals,
/// and a bounded wait.
#include <chrono>
#include <string>
#include <vector>

namespace pw::testing {

struct ProcessResult {
  int exit_code = -1;   ///< -1 when killed by a signal or timed out
  int signal = 0;       ///< the terminating signal, if any
  bool timed_out = false;
  std::string out, err;
};

/// A started child. The destructor kills it (SIGKILL) if still running.
class Child {
 public:
  /// Starts argv[0] with `argv`; `stdin_text` is fed from a file; out/err go
  /// to files in `work_dir`.
  Child(const std::vector<std::string>& argv, const std::string& work_dir,
        const std::string& stdin_text = "");
  ~Child();
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  void Signal(int sig) const;
  /// Waits up to `timeout` (SIGKILL after it) and collects the output.
  ProcessResult Wait(std::chrono::milliseconds timeout);
  /// Output so far (the child may still be running).
  std::string Stdout() const;
  std::string Stderr() const;
  /// Polls Stdout()+Stderr() until `needle` appears; false after `timeout`.
  bool WaitForOutput(const std::string& needle, std::chrono::milliseconds timeout) const;

 private:
  int pid_ = -1;
  bool reaped_ = false;
  std::string out_path_, err_path_;
};

/// The non-empty lines of a program's output.
std::vector<std::string> Lines(const std::string& text);

/// Runs to completion (bounded by `timeout`).
ProcessResult Run(const std::vector<std::string>& argv, const std::string& work_dir,
                  const std::string& stdin_text = "",
                  std::chrono::milliseconds timeout = std::chrono::seconds(60));

}  // namespace pw::testing
