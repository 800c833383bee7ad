#include "keel/http/json_input.h"

#include <fmt/format.h>

#include "text.h"

namespace keel::http {

using nlohmann::json;

ObjectReader::ObjectReader(const json& document, std::string path)
    : m_document(document), m_path(std::move(path)), m_not_object(!document.is_object()) {}

std::string ObjectReader::field_path(std::string_view name) const {
  if (m_path.empty()) return std::string(name);
  if (name.empty()) return m_path;
  return m_path + "/" + std::string(name);
}

const json* ObjectReader::lookup(std::string_view name) {
  m_seen.emplace(name);
  if (m_not_object) return nullptr;
  auto found = m_document.find(name);
  if (found == m_document.end() || found->is_null()) return nullptr;
  return &*found;
}

bool ObjectReader::has(std::string_view name) const {
  if (m_not_object) return false;
  auto found = m_document.find(name);
  return found != m_document.end() && !found->is_null();
}

void ObjectReader::fail(std::string_view name, std::string code, std::string message) {
  m_errors.push_back({field_path(name), std::move(code), std::move(message)});
}

void ObjectReader::fail(std::string_view name, const Error& error) {
  if (error.fields().empty()) {
    fail(name, error.code(), error.message());
    return;
  }
  // A nested reader's or parser's field errors: keep them, under this field's path.
  Error prefixed = error.with_field_prefix(field_path(name));
  for (const auto& field : prefixed.fields()) m_errors.push_back(field);
}

void ObjectReader::ignore(std::string_view name) { m_seen.emplace(name); }

std::string ObjectReader::required_string(std::string_view name, std::size_t length_max) {
  const json* value = lookup(name);
  if (value == nullptr) {
    if (!m_not_object) fail(name, "field_required", "This field is required.");
    return {};
  }
  auto text = optional_string(name, length_max);
  if (text && text->empty()) {
    fail(name, "field_empty", "This field must not be empty.");
    return {};
  }
  return text.value_or(std::string{});
}

std::optional<std::string> ObjectReader::optional_string(std::string_view name,
                                                         std::size_t length_max) {
  const json* value = lookup(name);
  if (value == nullptr) return std::nullopt;
  if (!value->is_string()) {
    fail(name, "field_type_invalid", "Expected a string.");
    return std::nullopt;
  }
  const auto& text = value->get_ref<const std::string&>();
  if (auto problem = detail::text_problem(text, length_max)) {
    fail(name, std::string(*problem),
         *problem == "field_too_long"
             ? fmt::format("At most {} bytes are allowed.", length_max)
             : std::string("The text contains invalid UTF-8 or control characters."));
    return std::nullopt;
  }
  return text;
}

std::optional<std::int64_t> ObjectReader::optional_integer(std::string_view name, std::int64_t min,
                                                           std::int64_t max) {
  const json* value = lookup(name);
  if (value == nullptr) return std::nullopt;
  if (!value->is_number_integer()) {
    fail(name, "field_type_invalid", "Expected an integer.");
    return std::nullopt;
  }
  // Unsigned values above INT64_MAX are out of every range we accept.
  bool too_big = value->is_number_unsigned() &&
                 value->get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX);
  std::int64_t number = too_big ? INT64_MAX : value->get<std::int64_t>();
  if (too_big || number < min || number > max) {
    fail(name, "field_out_of_range", fmt::format("Expected an integer from {} to {}.", min, max));
    return std::nullopt;
  }
  return number;
}

std::optional<bool> ObjectReader::optional_bool(std::string_view name) {
  const json* value = lookup(name);
  if (value == nullptr) return std::nullopt;
  if (!value->is_boolean()) {
    fail(name, "field_type_invalid", "Expected true or false.");
    return std::nullopt;
  }
  return value->get<bool>();
}

std::optional<std::vector<std::string>> ObjectReader::optional_string_array(
    std::string_view name, std::size_t count_max, std::size_t length_max) {
  const json* value = lookup(name);
  if (value == nullptr) return std::nullopt;
  if (!value->is_array()) {
    fail(name, "field_type_invalid", "Expected an array of strings.");
    return std::nullopt;
  }
  if (value->size() > count_max) {
    fail(name, "field_too_long", fmt::format("At most {} items are allowed.", count_max));
    return std::nullopt;
  }
  std::vector<std::string> out;
  std::size_t errors_before = m_errors.size();
  for (std::size_t i = 0; i < value->size(); ++i) {
    const json& item = (*value)[i];
    std::string item_name = std::string(name) + "/" + std::to_string(i);
    if (!item.is_string()) {
      fail(item_name, "field_type_invalid", "Expected a string.");
      continue;
    }
    const auto& text = item.get_ref<const std::string&>();
    if (auto problem = detail::text_problem(text, length_max)) {
      fail(item_name, std::string(*problem),
           *problem == "field_too_long"
               ? fmt::format("At most {} bytes are allowed.", length_max)
               : std::string("The text contains invalid UTF-8 or control characters."));
      continue;
    }
    out.push_back(text);
  }
  if (m_errors.size() != errors_before) return std::nullopt;
  return out;
}

const json* ObjectReader::optional_value(std::string_view name) { return lookup(name); }

Result<void> ObjectReader::finish() {
  if (!m_finished) {
    m_finished = true;
    if (m_not_object) {
      fail("", "field_type_invalid", "Expected a JSON object.");
    } else {
      for (const auto& [key, value] : m_document.items()) {
        if (m_seen.find(key) == m_seen.end()) {
          fail(key, "field_unknown", "This field is not accepted here.");
        }
      }
    }
  }
  if (m_errors.empty()) return Ok{};
  std::string message = m_errors.size() == 1
                            ? "One field is invalid."
                            : fmt::format("{} fields are invalid.", m_errors.size());
  return Error(ErrorKind::validation, "input_invalid", std::move(message), m_errors);
}

}  // namespace keel::http
