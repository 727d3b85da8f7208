#pragma once
/// `provwatch sources ...`: the source registry kept in the store (list with
/// health, add with feed discovery, OPML/text import, OPML export).
///
/// Each command returns the process exit code (0 ok, 1 runtime failure such
/// as a store that cannot be opened or a URL that cannot be fetched, 2 bad
/// usage or an unreadable input file), writes results for people to `out`
/// and problems for people to `err` (Vietnamese, English with Lang::kEn); only
/// progress goes to the log. Through a daemon, `err` is carried back to the
/// CLI's standard error, so the officer reads the same message either way.
/// While a daemon serves the data directory, list, add and import go through
/// it (control_socket.h QueryDaemon), which runs the same function on its
/// open store (passed as `open`); without one, add and import open the store
/// read-write and listing opens it read-only. Export opens it read-only.
#include <chrono>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <string_view>

#include "daemon/report.h"

namespace pw::storage {
class Store;
}

namespace pw::daemon {

/// Where the source list comes from: the store in `data_dir`, or, when
/// `config_path` is set, that configuration's [[sources]] (states still read
/// from its data_dir).
struct SourcesTarget {
  std::string data_dir;
  std::string config_path;
};

/// An id for the source at `url`, from its host, path and query: lower-case
/// ASCII letters, digits and ".-_" only, other runs as one '-', a leading
/// "www." dropped, at most 64 characters ("https://www.Bao.vn/rss/Tin-moi.rss"
/// -> "bao.vn-rss-tin-moi.rss"). When `taken` holds it already, "-2", "-3"...
/// is appended. Never empty ("source" when nothing is left).
std::string SourceIdFor(std::string_view url, const std::set<std::string>& taken);

/// `provwatch sources [--json]`: one source a line with its health (last
/// success, last error and its kind, consecutive failures, last HTTP status,
/// items a day over the last 7 days, next poll when known), as a table with
/// Vietnamese (or English) headers, or one JSON object a line.
int ListSources(const SourcesTarget& target, bool json, Lang lang, std::ostream& out, std::ostream& err,
                storage::Store* open = nullptr);

/// `provwatch sources add URL`: fetches `url`; a feed is added; an HTML page
/// has its announced feeds listed as numbered offers, all added with `all`,
/// the `pick`-th (1-based) with `pick`, none otherwise. A URL already
/// registered (same canonical URL) is not added twice.
int AddSource(const std::string& data_dir, const std::string& url, bool all,
              std::optional<int> pick, std::chrono::seconds interval, Lang lang, std::ostream& out,
              std::ostream& err, storage::Store* open = nullptr);

/// `provwatch sources import FILE`: OPML or one URL a line (see
/// crawler/opml.h). Bad lines are reported (FILE:LINE: why) and skipped;
/// URLs already registered or repeated in the file are counted as duplicates.
/// Ends with one summary line: added, duplicates, errors. `read_from`, when
/// set, is where the file is read (the daemon gets the absolute path; messages
/// still name `file` as the user gave it).
int ImportSources(const std::string& data_dir, const std::string& file,
                  std::chrono::seconds interval, Lang lang, std::ostream& out, std::ostream& err,
                  storage::Store* open = nullptr, const std::string& read_from = "");

/// `provwatch sources export`: the source list as an OPML 2.0 document.
int ExportSources(const SourcesTarget& target, Lang lang, std::ostream& out, std::ostream& err);

}  // namespace pw::daemon
