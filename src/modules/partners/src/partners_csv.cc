// List cursors and list cells: pure text handling for the partners module.
#include <nlohmann/json.hpp>

#include "keel/core/limits.h"
#include "partners_domain.h"

namespace keel::partners::domain {
namespace {

constexpr std::string_view kBase64Url =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string base64url_encode(std::string_view data) {
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < data.size(); i += 3) {
    const auto n = (static_cast<unsigned char>(data[i]) << 16) |
                   (static_cast<unsigned char>(data[i + 1]) << 8) |
                   static_cast<unsigned char>(data[i + 2]);
    for (int shift : {18, 12, 6, 0}) out.push_back(kBase64Url[(n >> shift) & 0x3f]);
  }
  const std::size_t rest = data.size() - i;
  if (rest > 0) {
    unsigned n = static_cast<unsigned char>(data[i]) << 16;
    if (rest == 2) n |= static_cast<unsigned char>(data[i + 1]) << 8;
    out.push_back(kBase64Url[(n >> 18) & 0x3f]);
    out.push_back(kBase64Url[(n >> 12) & 0x3f]);
    if (rest == 2) out.push_back(kBase64Url[(n >> 6) & 0x3f]);
  }
  return out;
}

std::optional<std::string> base64url_decode(std::string_view text) {
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (const char c : text) {
    const auto index = kBase64Url.find(c);
    if (index == std::string_view::npos) return std::nullopt;
    buffer = (buffer << 6) | static_cast<unsigned>(index);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xff));
    }
  }
  return out;
}

Error cursor_error() {
  return Error::validation("list_cursor_invalid",
                           "cursor is not one this list returned; start from the first page",
                           "cursor");
}

}  // namespace

std::string encode_cursor(const Cursor& cursor) {
  const nlohmann::json document = nlohmann::json::array({cursor.sort, cursor.value, cursor.id});
  return base64url_encode(document.dump());
}

Result<Cursor> decode_cursor(std::string_view text) {
  if (text.size() > 4 * limits::kNameLengthMax * 4) return cursor_error();
  const auto raw = base64url_decode(text);
  if (!raw) return cursor_error();
  const auto document = nlohmann::json::parse(*raw, nullptr, false);
  if (document.is_discarded() || !document.is_array() || document.size() != 3 ||
      !document[0].is_string() || !document[1].is_string() || !document[2].is_number_integer()) {
    return cursor_error();
  }
  return Cursor{document[0].get<std::string>(), document[1].get<std::string>(),
                document[2].get<std::int64_t>()};
}

std::vector<std::string> split_list(std::string_view cell) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= cell.size()) {
    auto end = cell.find(';', start);
    if (end == std::string_view::npos) end = cell.size();
    auto part = cell.substr(start, end - start);
    while (!part.empty() && (part.front() == ' ' || part.front() == '\t')) part.remove_prefix(1);
    while (!part.empty() && (part.back() == ' ' || part.back() == '\t')) part.remove_suffix(1);
    if (!part.empty()) parts.emplace_back(part);
    start = end + 1;
  }
  return parts;
}

}  // namespace keel::partners::domain
