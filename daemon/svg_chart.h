#pragma once
/// Small charts drawn as inline SVG for the digest and the period reports:
/// self-contained markup (no script, no external resource) that prints as
/// it shows and that a screen reader announces by its <title> and <desc>.
///
/// Pure: values in, a string out. Every text (labels, title, values) is
/// XML-escaped here, so callers pass plain text. Each bar is one
/// `<rect class="bar">`, each line point one `<circle class="point">`, so that
/// tests (and styles) can find them; values are written as text beside them.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pw::daemon::svg {

/// One bar (or one point of a line): a label for its axis, its value, and
/// the value as people read it ("1.234").
struct Bar {
  std::string label;
  double value = 0;
  std::string value_text;
};

struct ChartOptions {
  std::string id;        ///< unique in the page: prefixes the ids of <title> and <desc>
  std::string title;     ///< the accessible name, also drawn as no text (the page has a heading)
  std::string desc;      ///< a sentence for screen readers
  int width = 640;
  int height = 220;
  /// Columns only: an optional second series drawn as a line over the
  /// columns (e.g. candidates over mentions), with its own legend label.
  std::vector<Bar> line = {};
  std::string bars_legend = {};
  std::string line_legend = {};
};

/// Vertical columns, one per bar, labels under the x axis (every n-th label
/// when they would not fit), a y axis with gridlines and value labels.
std::string ColumnChart(const std::vector<Bar>& bars, const ChartOptions& options);

/// Horizontal bars, one row per bar, labels on the left: for topics, sources
/// and kinds, whose names are long. The height grows with the rows.
std::string BarChart(const std::vector<Bar>& bars, const ChartOptions& options);

/// "&amp;", "&lt;", "&gt;", "&quot;", "&#39;" for XML and HTML text and attributes.
std::string Escape(std::string_view text);

}  // namespace pw::daemon::svg
