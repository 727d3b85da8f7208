#include "daemon/svg_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace pw::daemon::svg {
namespace {

constexpr const char* kBarColour = "#2b6cb0";
constexpr const char* kLineColour = "#c53030";

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

/// A "nice" axis maximum at or above `max` (1, 2, 5 × 10^n), at least 1.
double NiceMax(double max) {
  if (max <= 1) return 1;
  const double p = std::pow(10.0, std::floor(std::log10(max)));
  for (double f : {1.0, 2.0, 5.0, 10.0}) {
    if (f * p >= max) return f * p;
  }
  return 10 * p;
}

/// An axis value as text: integers without decimals, and thousands
/// grouped the way the value_text of the bars groups them.
std::string AxisText(double v, const std::vector<Bar>& bars) {
  const bool dots = std::any_of(bars.begin(), bars.end(), [](const Bar& b) {
    return b.value_text.find('.') != std::string::npos;
  });
  std::string digits = std::to_string(static_cast<long long>(std::llround(v)));
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += dots ? '.' : ',';
    out += digits[i];
  }
  return out;
}

std::string Open(const ChartOptions& o, int height) {
  const std::string t = o.id + "-title", d = o.id + "-desc";
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" width=\"" +
         std::to_string(o.width) + "\" height=\"" + std::to_string(height) + "\" viewBox=\"0 0 " +
         std::to_string(o.width) + " " + std::to_string(height) + "\" aria-labelledby=\"" + t +
         " " + d + "\"><title id=\"" + t + "\">" + Escape(o.title) + "</title><desc id=\"" + d +
         "\">" + Escape(o.desc) + "</desc>";
}

std::string Text(double x, double y, std::string_view anchor, std::string_view cls,
                 const std::string& text) {
  return "<text x=\"" + Num(x) + "\" y=\"" + Num(y) + "\" text-anchor=\"" + std::string(anchor) +
         "\" class=\"" + std::string(cls) + "\">" + Escape(text) + "</text>";
}

std::string Legend(const ChartOptions& o, double x, double y) {
  std::string out;
  if (!o.bars_legend.empty()) {
    out += "<rect x=\"" + Num(x) + "\" y=\"" + Num(y - 9) + "\" width=\"10\" height=\"10\" fill=\"" +
           kBarColour + "\"/>" + Text(x + 14, y, "start", "legend", o.bars_legend);
    x += 24 + 7.0 * static_cast<double>(o.bars_legend.size());
  }
  if (!o.line.empty() && !o.line_legend.empty()) {
    out += "<line x1=\"" + Num(x) + "\" y1=\"" + Num(y - 4) + "\" x2=\"" + Num(x + 12) + "\" y2=\"" +
           Num(y - 4) + "\" stroke=\"" + kLineColour + "\" stroke-width=\"2\"/>" +
           Text(x + 16, y, "start", "legend", o.line_legend);
  }
  return out;
}

/// At most `max` code points of UTF-8 `s`, "…" ending a shortened one.
std::string Shorten(const std::string& s, std::size_t max) {
  std::size_t points = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;
    if (++points == max) return s.substr(0, i) + "\u2026";
  }
  return s;
}

}  // namespace

std::string Escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string ColumnChart(const std::vector<Bar>& bars, const ChartOptions& o) {
  const double left = 48, right = 12, top = 24, bottom = 40;
  const double w = o.width - left - right, h = o.height - top - bottom;
  double max = 0;
  for (const auto& b : bars) max = std::max(max, b.value);
  for (const auto& p : o.line) max = std::max(max, p.value);
  max = NiceMax(max);
  std::string out = Open(o, o.height);
  // Gridlines and y labels at 0, 1/4 ... max.
  for (int i = 0; i <= 4; ++i) {
    const double v = max * i / 4, y = top + h - h * i / 4;
    out += "<line x1=\"" + Num(left) + "\" y1=\"" + Num(y) + "\" x2=\"" + Num(left + w) +
           "\" y2=\"" + Num(y) + "\" class=\"grid\" stroke=\"#ddd\"/>";
    if (v == std::floor(v)) out += Text(left - 6, y + 4, "end", "axis", AxisText(v, bars));
  }
  out += "<line x1=\"" + Num(left) + "\" y1=\"" + Num(top + h) + "\" x2=\"" + Num(left + w) +
         "\" y2=\"" + Num(top + h) + "\" stroke=\"#333\"/>";
  const std::size_t n = std::max<std::size_t>(bars.size(), 1);
  const double slot = w / static_cast<double>(n), bw = std::max(1.0, slot * 0.7);
  // At most ~14 labels under the axis; values over the bars only when they fit.
  const std::size_t every = std::max<std::size_t>(1, (bars.size() + 13) / 14);
  const bool values = slot >= 18;
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const double bh = h * bars[i].value / max, x = left + slot * static_cast<double>(i) + (slot - bw) / 2;
    out += "<rect class=\"bar\" x=\"" + Num(x) + "\" y=\"" + Num(top + h - bh) + "\" width=\"" +
           Num(bw) + "\" height=\"" + Num(bh) + "\" fill=\"" + kBarColour + "\"><title>" +
           Escape(bars[i].label) + ": " + Escape(bars[i].value_text) + "</title></rect>";
    if (values) out += Text(x + bw / 2, top + h - bh - 3, "middle", "value", bars[i].value_text);
    if (i % every == 0) out += Text(x + bw / 2, top + h + 14, "middle", "label", bars[i].label);
  }
  if (!o.line.empty()) {
    std::string points;
    for (std::size_t i = 0; i < o.line.size(); ++i) {
      const double x = left + slot * (static_cast<double>(i) + 0.5);
      const double y = top + h - h * o.line[i].value / max;
      points += (points.empty() ? "" : " ") + Num(x) + "," + Num(y);
      out += "<circle class=\"point\" cx=\"" + Num(x) + "\" cy=\"" + Num(y) + "\" r=\"3\" fill=\"" +
             kLineColour + "\"><title>" + Escape(o.line[i].label) + ": " +
             Escape(o.line[i].value_text) + "</title></circle>";
    }
    out += "<polyline fill=\"none\" stroke=\"" + std::string(kLineColour) +
           "\" stroke-width=\"2\" points=\"" + points + "\"/>";
  }
  out += Legend(o, left, static_cast<double>(o.height) - 8);
  return out + "</svg>";
}

std::string BarChart(const std::vector<Bar>& bars, const ChartOptions& o) {
  const double label_w = std::min(260.0, o.width * 0.42), right = 56, top = 8, row = 24;
  const int height = static_cast<int>(top * 2 + row * static_cast<double>(std::max<std::size_t>(bars.size(), 1)));
  const double w = o.width - label_w - right;
  double max = 0;
  for (const auto& b : bars) max = std::max(max, b.value);
  max = std::max(max, 1.0);
  std::string out = Open(o, height);
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const double y = top + row * static_cast<double>(i), bw = w * bars[i].value / max;
    // Long labels are shortened to fit the label column: the full one is in the <title>.
    out += Text(label_w - 6, y + 16, "end", "label", Shorten(bars[i].label, static_cast<std::size_t>(label_w / 7)));
    out += "<rect class=\"bar\" x=\"" + Num(label_w) + "\" y=\"" + Num(y + 4) + "\" width=\"" +
           Num(std::max(bw, 1.0)) + "\" height=\"" + Num(row - 8) + "\" fill=\"" + kBarColour +
           "\"><title>" + Escape(bars[i].label) + ": " + Escape(bars[i].value_text) +
           "</title></rect>";
    out += Text(label_w + std::max(bw, 1.0) + 4, y + 16, "start", "value", bars[i].value_text);
  }
  return out + "</svg>";
}

}  // namespace pw::daemon::svg
