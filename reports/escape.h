// Escaping for the text formats: XML/HTML (also strips what XML 1.0 cannot carry) and Markdown.
#pragma once

#include <string>
#include <string_view>

namespace shmh::report {

// Valid UTF-8 (invalid bytes become U+FFFD), control characters other than tab and newline
// removed, and & < > " ' escaped: safe in XML and HTML text and attribute values.
std::string xml_escape(std::string_view text);
// Safe inside a Markdown table cell: pipes and backticks escaped, newlines as <br>, HTML
// special characters escaped (GitHub renders inline HTML).
std::string markdown_cell(std::string_view text);
// At most `limit` bytes, cut at a character boundary, with "…" when cut.
std::string truncate_text(std::string_view text, std::size_t limit);

}  // namespace shmh::report
