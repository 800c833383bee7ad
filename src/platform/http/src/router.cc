#include "keel/http/router.h"

#include <set>

#include "keel/core/assert.h"
#include "text.h"

namespace keel::http {

namespace {

// Splits "/a/b" into {"a", "b"}; nullopt for a path that does not start with '/' or has an
// empty segment ("//", trailing '/'), which no route serves. "/" itself is zero segments.
std::optional<std::vector<std::string_view>> split_path(std::string_view path) {
  if (path.empty() || path.front() != '/') return std::nullopt;
  std::vector<std::string_view> segments;
  if (path == "/") return segments;
  path.remove_prefix(1);
  while (true) {
    std::size_t slash = path.find('/');
    std::string_view segment = path.substr(0, slash);
    if (segment.empty()) return std::nullopt;
    segments.push_back(segment);
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return segments;
}

bool is_parameter_segment(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// -1 when `a` is more specific than `b`, 1 when less, 0 when equal.
template <typename Segments>
int compare_specificity(const Segments& a, const Segments& b) {
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
    if (a[i].is_parameter != b[i].is_parameter) return a[i].is_parameter ? 1 : -1;
  }
  return 0;
}

}  // namespace

std::vector<std::string> path_parameter_names(std::string_view pattern) {
  std::vector<std::string> names;
  auto segments = split_path(pattern);
  if (!segments) return names;
  for (std::string_view segment : *segments) {
    if (is_parameter_segment(segment)) {
      names.emplace_back(segment.substr(1, segment.size() - 2));
    }
  }
  return names;
}

void Router::add(RouteSpec route) {
  auto segments = split_path(route.path);
  KEEL_ASSERT(segments.has_value());
  KEEL_ASSERT(static_cast<bool>(route.handler));
  std::vector<Segment> pattern;
  std::set<std::string, std::less<>> names;
  for (std::string_view segment : *segments) {
    bool parameter = is_parameter_segment(segment);
    std::string text(parameter ? segment.substr(1, segment.size() - 2) : segment);
    KEEL_ASSERT(text.find_first_of("{}") == std::string::npos);
    if (parameter) KEEL_ASSERT(names.insert(text).second);
    pattern.push_back({std::move(text), parameter});
  }
  for (const auto& existing : m_routes) {
    KEEL_ASSERT(!(existing->method == route.method && existing->path == route.path));
  }
  m_routes.push_back(std::make_unique<RouteSpec>(std::move(route)));
  m_patterns.push_back(std::move(pattern));
}

std::optional<Match> Router::match(Method method, std::string_view path, bool* path_exists) const {
  if (path_exists) *path_exists = false;
  auto segments = split_path(path);
  if (!segments) return std::nullopt;
  std::optional<std::size_t> best;
  for (std::size_t r = 0; r < m_routes.size(); ++r) {
    const auto& pattern = m_patterns[r];
    if (pattern.size() != segments->size()) continue;
    bool matches = true;
    for (std::size_t i = 0; i < pattern.size() && matches; ++i) {
      matches = pattern[i].is_parameter || pattern[i].text == (*segments)[i];
    }
    if (!matches) continue;
    if (m_routes[r]->method != method) {
      if (path_exists) *path_exists = true;
      continue;
    }
    if (!best || compare_specificity(pattern, m_patterns[*best]) < 0) best = r;
  }
  if (!best) return std::nullopt;
  Match match{m_routes[*best].get(), {}};
  const auto& pattern = m_patterns[*best];
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (!pattern[i].is_parameter) continue;
    auto value = detail::percent_decode((*segments)[i], false);
    // A malformed escape cannot name any resource: treat it as no such path.
    if (!value || value->empty()) return std::nullopt;
    match.path_params.emplace(pattern[i].text, std::move(*value));
  }
  if (path_exists) *path_exists = true;
  return match;
}

}  // namespace keel::http
