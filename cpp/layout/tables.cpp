#include "layout/geometry.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace jixiao::layout {
namespace {

constexpr double kSnap = 3.0;              // points: rulings this close are one (a double line, a thin box)
constexpr double kCovered = 0.6;           // share of a cell's side a ruling must cover to separate cells
constexpr size_t kMaxGridCells = 100'000;  // per table; far beyond a real page
constexpr size_t kMaxRulings = 20'000;     // per page; more is hatching or a drawing, not a table

struct Segment {
  double pos = 0;  // y of a horizontal, x of a vertical
  double a = 0, b = 0;
};

std::vector<Segment> merge_collinear(std::vector<Segment> segs) {
  std::sort(segs.begin(), segs.end(), [](const Segment& s, const Segment& t) {
    return std::fabs(s.pos - t.pos) > 0.01 ? s.pos < t.pos : s.a < t.a;
  });
  std::vector<Segment> out;
  for (const Segment& s : segs) {
    bool merged = false;
    // Look back over the few segments at about the same position.
    for (size_t k = out.size(); k-- > 0 && s.pos - out[k].pos <= 1.5;) {
      if (s.a <= out[k].b + kSnap && s.b >= out[k].a - kSnap) {
        out[k].a = std::min(out[k].a, s.a);
        out[k].b = std::max(out[k].b, s.b);
        merged = true;
        break;
      }
    }
    if (!merged) out.push_back(s);
  }
  return out;
}

// Positions closer than kSnap become one (their mean).
std::vector<double> cluster(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  std::vector<double> out;
  double sum = 0;
  int n = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    if (n > 0 && v[i] - v[i - 1] > kSnap) {
      out.push_back(sum / n);
      sum = 0;
      n = 0;
    }
    sum += v[i];
    ++n;
  }
  if (n > 0) out.push_back(sum / n);
  return out;
}

struct UnionFind {
  std::vector<size_t> parent;
  explicit UnionFind(size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), size_t{0}); }
  size_t find(size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
  void unite(size_t a, size_t b) { parent[find(a)] = find(b); }
};

double overlap(double a0, double a1, double b0, double b1) { return std::min(a1, b1) - std::max(a0, b0); }

// Does a ruling of `segs` at `pos` cover at least kCovered of [lo, hi]?
bool ruled(const std::vector<const Segment*>& segs, double pos, double lo, double hi) {
  double covered = 0;
  for (const Segment* s : segs)
    if (std::fabs(s->pos - pos) <= kSnap) covered += std::max(0.0, overlap(s->a, s->b, lo, hi));
  return covered >= kCovered * (hi - lo);
}

// One grid: the rulings of one connected component.
bool build_grid(const std::vector<const Segment*>& hs, const std::vector<const Segment*>& vs, std::vector<Char>& chars,
                std::vector<bool>& taken, GridTable& table) {
  std::vector<double> ys, xs;
  for (const Segment* s : hs) ys.push_back(s->pos);
  for (const Segment* s : vs) xs.push_back(s->pos);
  ys = cluster(std::move(ys));
  xs = cluster(std::move(xs));
  if (xs.size() < 2 || ys.size() < 2) return false;
  const size_t rows = ys.size() - 1, cols = xs.size() - 1;
  if (rows * cols > kMaxGridCells) return false;

  // Neighbouring grid cells with no ruling between them are one merged cell.
  UnionFind cells(rows * cols);
  for (size_t r = 0; r < rows; ++r)
    for (size_t c = 0; c < cols; ++c) {
      if (c + 1 < cols && !ruled(vs, xs[c + 1], ys[r], ys[r + 1])) cells.unite(r * cols + c, r * cols + c + 1);
      if (r + 1 < rows && !ruled(hs, ys[r + 1], xs[c], xs[c + 1])) cells.unite(r * cols + c, (r + 1) * cols + c);
    }
  // Each merged cell's origin: its top-left grid cell.
  std::vector<size_t> origin(rows * cols, SIZE_MAX);
  for (size_t i = 0; i < rows * cols; ++i) {
    const size_t root = cells.find(i);
    origin[root] = std::min(origin[root], i);
  }
  std::vector<std::vector<Char>> content(rows * cols);
  std::vector<size_t> inside;
  for (size_t i = 0; i < chars.size(); ++i) {
    if (taken[i]) continue;
    const double cx = (chars[i].x0 + chars[i].x1) / 2, cy = (chars[i].y0 + chars[i].y1) / 2;
    if (cx <= xs.front() || cx >= xs.back() || cy <= ys.front() || cy >= ys.back()) continue;
    const size_t c = static_cast<size_t>(std::upper_bound(xs.begin(), xs.end(), cx) - xs.begin()) - 1;
    const size_t r = static_cast<size_t>(std::upper_bound(ys.begin(), ys.end(), cy) - ys.begin()) - 1;
    content[origin[cells.find(r * cols + c)]].push_back(chars[i]);
    inside.push_back(i);
  }
  size_t filled = 0;
  std::vector<std::string> text(rows * cols);
  for (size_t i = 0; i < rows * cols; ++i)
    if (!content[i].empty()) {
      text[i] = join_lines(build_lines(std::move(content[i])));
      ++filled;
    }
  // A box around a paragraph, or a single filled cell, is a frame, not a table.
  if (filled < 2) return false;

  std::vector<std::vector<GridCell>> grid(rows, std::vector<GridCell>(cols));
  for (size_t r = 0; r < rows; ++r)
    for (size_t c = 0; c < cols; ++c) {
      const size_t o = origin[cells.find(r * cols + c)];
      GridCell& cell = grid[r][c];
      cell.origin_row = static_cast<int>(o / cols);
      cell.origin_col = static_cast<int>(o % cols);
      cell.merged = o != r * cols + c;
      cell.text = text[o];
    }
  // Rows and columns without any text (the sliver between a double ruling) are dropped.
  std::vector<bool> keep_col(cols, false);
  for (size_t c = 0; c < cols; ++c)
    for (size_t r = 0; r < rows; ++r)
      if (!grid[r][c].merged && !grid[r][c].text.empty()) keep_col[c] = true;
  table.columns.clear();
  table.rows.clear();
  for (size_t c = 0; c < cols; ++c)
    if (keep_col[c]) table.columns.emplace_back(xs[c], xs[c + 1]);
  for (size_t r = 0; r < rows; ++r) {
    std::vector<GridCell> row;
    bool any = false;
    for (size_t c = 0; c < cols; ++c) {
      if (!keep_col[c]) continue;
      any = any || !grid[r][c].text.empty();
      row.push_back(std::move(grid[r][c]));
    }
    if (any) table.rows.push_back(std::move(row));
  }
  if (table.rows.size() < 2 || table.columns.size() < 2) return false;
  // A merged cell whose origin row or column was dropped starts at its first kept place.
  for (size_t r = 0; r < table.rows.size(); ++r)
    for (size_t c = 0; c < table.rows[r].size(); ++c) {
      GridCell& cell = table.rows[r][c];
      if (!cell.merged) continue;
      const bool same_above = r > 0 && table.rows[r - 1][c].origin_row == cell.origin_row &&
                              table.rows[r - 1][c].origin_col == cell.origin_col;
      const bool same_left = c > 0 && table.rows[r][c - 1].origin_row == cell.origin_row &&
                             table.rows[r][c - 1].origin_col == cell.origin_col;
      if (!same_above && !same_left) cell.merged = false;
    }
  table.x0 = xs.front();
  table.x1 = xs.back();
  table.y0 = ys.front();
  table.y1 = ys.back();
  for (size_t i : inside) taken[i] = true;
  return true;
}

}  // namespace

std::vector<GridTable> ruled_tables(const std::vector<Ruling>& rulings, std::vector<Char>& chars) {
  std::vector<GridTable> tables;
  if (rulings.size() < 4 || rulings.size() > kMaxRulings || chars.empty()) return tables;
  std::vector<Segment> h, v;
  for (const Ruling& r : rulings) {
    if (std::fabs(r.y1 - r.y0) <= std::fabs(r.x1 - r.x0))
      h.push_back({(r.y0 + r.y1) / 2, std::min(r.x0, r.x1), std::max(r.x0, r.x1)});
    else
      v.push_back({(r.x0 + r.x1) / 2, std::min(r.y0, r.y1), std::max(r.y0, r.y1)});
  }
  h = merge_collinear(std::move(h));
  v = merge_collinear(std::move(v));
  if (h.size() < 2 || v.size() < 2) return tables;

  // Connected components: a horizontal and a vertical ruling that cross or touch.
  UnionFind parts(h.size() + v.size());
  for (size_t i = 0; i < h.size(); ++i)
    for (size_t j = 0; j < v.size(); ++j)
      if (v[j].pos >= h[i].a - kSnap && v[j].pos <= h[i].b + kSnap && h[i].pos >= v[j].a - kSnap &&
          h[i].pos <= v[j].b + kSnap)
        parts.unite(i, h.size() + j);
  std::vector<std::vector<const Segment*>> comp_h(h.size() + v.size()), comp_v(h.size() + v.size());
  for (size_t i = 0; i < h.size(); ++i) comp_h[parts.find(i)].push_back(&h[i]);
  for (size_t j = 0; j < v.size(); ++j) comp_v[parts.find(h.size() + j)].push_back(&v[j]);

  std::vector<bool> taken(chars.size(), false);
  for (size_t k = 0; k < comp_h.size(); ++k) {
    if (comp_h[k].size() < 2 || comp_v[k].size() < 2) continue;
    GridTable t;
    if (build_grid(comp_h[k], comp_v[k], chars, taken, t)) tables.push_back(std::move(t));
  }
  if (!tables.empty()) {
    std::vector<Char> rest;
    rest.reserve(chars.size());
    for (size_t i = 0; i < chars.size(); ++i)
      if (!taken[i]) rest.push_back(chars[i]);
    chars = std::move(rest);
  }
  std::sort(tables.begin(), tables.end(), [](const GridTable& a, const GridTable& b) { return a.y0 < b.y0; });
  return tables;
}

}  // namespace jixiao::layout

namespace jixiao::layout {
namespace {

constexpr size_t kMinAlignedRows = 3;
constexpr double kMaxRowGap = 2.5;  // ems between the lines of one unruled table

// Columns of a run of lines: the unions of their fragments' x-intervals that overlap.
std::vector<std::pair<double, double>> aligned_columns(const std::vector<Line>& lines, size_t from, size_t to) {
  std::vector<std::pair<double, double>> spans;
  for (size_t i = from; i < to; ++i)
    for (const Fragment& f : lines[i].fragments) spans.emplace_back(f.x0, f.x1);
  std::sort(spans.begin(), spans.end());
  std::vector<std::pair<double, double>> columns;
  for (const auto& s : spans) {
    if (!columns.empty() && s.first <= columns.back().second)
      columns.back().second = std::max(columns.back().second, s.second);
    else
      columns.push_back(s);
  }
  return columns;
}

// The column of each fragment of `line`, or an empty vector when two share one.
std::vector<size_t> place(const Line& line, const std::vector<std::pair<double, double>>& columns) {
  std::vector<size_t> at;
  for (const Fragment& f : line.fragments) {
    size_t c = 0;
    while (c < columns.size() && columns[c].second < f.x0) ++c;
    if (c == columns.size() || (!at.empty() && at.back() == c)) return {};
    at.push_back(c);
  }
  return at;
}

bool tabular(const Line& line) { return line.fragments.size() >= 2; }

}  // namespace

std::vector<GridTable> aligned_tables(std::vector<Line>& lines) {
  std::vector<GridTable> tables;
  std::vector<bool> used(lines.size(), false);
  size_t i = 0;
  while (i < lines.size()) {
    if (!tabular(lines[i])) {
      ++i;
      continue;
    }
    size_t end = i + 1;
    while (end < lines.size() && tabular(lines[end]) &&
           lines[end].y0 - lines[end - 1].y1 <= kMaxRowGap * std::max(lines[end].size, lines[end - 1].size))
      ++end;
    // Shrink the run from its end until its columns separate every line's fragments.
    for (size_t stop = end; stop >= i + kMinAlignedRows; --stop) {
      const auto columns = aligned_columns(lines, i, stop);
      if (columns.size() < 2) break;
      std::vector<std::vector<size_t>> placed;
      size_t filled = 0;
      for (size_t k = i; k < stop; ++k) {
        placed.push_back(place(lines[k], columns));
        if (placed.back().empty()) break;
        filled += placed.back().size();
      }
      if (placed.size() != stop - i || placed.back().empty()) continue;
      // Most cells hold text: a grid, not two lines that happen to have a gap.
      if (filled * 5 < (stop - i) * columns.size() * 3) continue;
      GridTable t;
      t.aligned = true;
      t.x0 = columns.front().first;
      t.x1 = columns.back().second;
      t.y0 = lines[i].y0;
      t.y1 = lines[stop - 1].y1;
      t.columns = columns;
      for (size_t k = i; k < stop; ++k) {
        std::vector<GridCell> row(columns.size());
        for (size_t c = 0; c < row.size(); ++c) {
          row[c].origin_row = static_cast<int>(k);
          row[c].origin_col = static_cast<int>(c);
        }
        const auto& at = placed[k - i];
        for (size_t f = 0; f < at.size(); ++f) row[at[f]].text = lines[k].fragments[f].text;
        t.rows.push_back(std::move(row));
        used[k] = true;
      }
      tables.push_back(std::move(t));
      end = stop;
      break;
    }
    i = end;
  }
  if (!tables.empty()) {
    std::vector<Line> rest;
    for (size_t k = 0; k < lines.size(); ++k)
      if (!used[k]) rest.push_back(std::move(lines[k]));
    lines = std::move(rest);
  }
  return tables;
}

}  // namespace jixiao::layout
