// The stylesheet shared by report.html and the compare page (inline: the files are self-contained).
#pragma once

namespace shmh::report {

inline constexpr const char* kHtmlStyle = R"css(
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;max-width:1100px;color:#222;padding:0 12px}
h1{font-size:1.5em;margin-bottom:4px}h2{font-size:1.2em;margin-top:32px;border-bottom:1px solid #ddd;padding-bottom:4px}
.sub{color:#666}.banner{background:#fff3cd;border:1px solid #e0c060;padding:8px 12px;margin:12px 0}
table{border-collapse:collapse;margin:8px 0;font-size:.92em}th,td{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f5f5f5}td.num{text-align:right;font-variant-numeric:tabular-nums}
.counts span{display:inline-block;padding:6px 12px;margin:0 6px 6px 0;border-radius:4px;color:#fff;font-weight:600}
.passed{background:#2e7d32}.failed{background:#c62828}.skipped{background:#757575}.error{background:#6a1b9a}.timeout{background:#ef6c00}
.badge{display:inline-block;min-width:64px;text-align:center;padding:1px 6px;border-radius:3px;color:#fff;font-size:.85em;margin-right:8px}
details{border:1px solid #ddd;border-radius:4px;margin:6px 0;padding:4px 10px}summary{cursor:pointer;font-weight:600}
pre{background:#f7f7f7;padding:8px;overflow:auto;max-height:360px;font-size:.85em}
svg text{font-size:11px;fill:#333}.lane-line{stroke:#bbb}.ok circle{fill:#2e7d32}.coded circle{fill:#f9a825}.bad circle{fill:#c62828}
.grid{stroke:#eee}.axis{fill:#666}.chart-title{font-weight:600;font-size:13px}.call{font-size:10px}
)css";

}  // namespace shmh::report
