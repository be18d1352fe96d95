// Size formatting: exact figures as short as they can be, rounded ones with two decimals.
#include "reports/format.h"

#include <cstdio>

namespace shmh::report {

std::string format_size(std::uint64_t bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int unit = 0;
  while (unit < 4 && (bytes >> (10 * (unit + 1))) != 0) ++unit;
  if (unit == 0) return std::to_string(bytes) + " B";
  const std::uint64_t scale = std::uint64_t{1} << (10 * unit);
  const std::uint64_t whole = bytes / scale, rest = bytes % scale;
  if (rest == 0) return std::to_string(whole) + " " + units[unit];
  // Hundredths of the unit, when they say it exactly: rest * 100 / scale without overflow,
  // since rest < scale <= 2^40.
  char text[48];
  if ((rest * 100) % scale == 0) {
    const auto hundredths = static_cast<unsigned>(rest * 100 / scale);
    if (hundredths % 10 == 0) std::snprintf(text, sizeof text, "%llu.%u %s", static_cast<unsigned long long>(whole), hundredths / 10, units[unit]);
    else std::snprintf(text, sizeof text, "%llu.%02u %s", static_cast<unsigned long long>(whole), hundredths, units[unit]);
    return text;
  }
  double value = static_cast<double>(bytes) / static_cast<double>(scale);
  if (value >= 1023.995 && unit < 4) {  // would print as "1024.00": one unit up reads better
    value /= 1024;
    ++unit;
  }
  std::snprintf(text, sizeof text, "%.2f %s", value, units[unit]);
  return text;
}

}  // namespace shmh::report
