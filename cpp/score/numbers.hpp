// Numbers as scorecards show them.
#pragma once

#include <cmath>
#include <string>

namespace jixiao {

// Up to four decimals, trailing zeros dropped: 108 -> "108", 0.9 -> "0.9", 1/3 -> "0.3333".
std::string figure(double v);

// Scores are kept to two decimals, as score tables write them.
inline double round_score(double v) { return std::round(v * 100) / 100; }

}  // namespace jixiao
