#pragma once
/// TempDir: a fresh directory under $TMPDIR, removed with everything in it
/// when the object dies. For tests that need a real RocksDB or files on disk.
#include <string>

namespace pw::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  /// path()/name
  std::string Sub(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

/// Writes `content` to `path`, creating parent directories. Aborts on failure.
void WriteFile(const std::string& path, const std::string& content);
/// Reads a whole file; aborts if it cannot.
std::string ReadFile(const std::string& path);

}  // namespace pw::testing
