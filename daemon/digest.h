#pragma once
/// The weekly digest and the period reports as one self-contained HTML page
/// each: Vietnamese first (English with Lang::kEn), inline CSS with a print
/// style for A4, charts as inline SVG (daemon/svg_chart.h), no script and no
/// external resource, so that it can be served (GET /digest), e-mailed,
/// saved and printed to PDF (daemon/digest_pdf.h) as it is.
///
/// Pure: the caller builds the report data (workflow/reports.h, already
/// filtered for the viewer) and passes the names it wants shown. Every text
/// that comes from data (titles, names, links) is HTML-escaped; only
/// http(s) links become links.
#include <map>
#include <string>

#include "core/item.h"
#include "daemon/report.h"
#include "workflow/reports.h"

namespace pw::daemon {

/// What the page says around the numbers.
struct DigestView {
  Lang lang = Lang::kVi;
  std::string province;                             ///< the profile's name ("Lai Châu")
  UnixTime generated_at = 0;                        ///< shown in the footer; 0: not shown
  std::map<std::string, std::string> source_names;  ///< source id -> name; the id otherwise
};

/// The weekly digest page (a free period when `digest.week` is empty).
std::string RenderDigestHtml(const workflow::WeeklyDigest& digest, const DigestView& view);

/// A period report of the profile's calendar (6-month, annual...), the
/// same page with the report's title and due date and its list of cases.
std::string RenderPeriodReportHtml(const workflow::PeriodReportData& report, const DigestView& view);

}  // namespace pw::daemon
