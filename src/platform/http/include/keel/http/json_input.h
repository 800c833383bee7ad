#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "keel/core/result.h"

namespace keel::http {

// Reads a JSON object strictly: wrong types, strings over their limit, invalid values and
// unknown fields are all collected as field errors, and finish() returns them together as one
// validation Error (code `input_invalid`, one FieldError per problem). Field codes:
//   field_required, field_type_invalid (expected another JSON type; integers must be JSON
//   integers, 1.0 is not one), field_too_long (over the byte limit, or too many array items),
//   field_unknown, field_empty (a required string that is ""), field_text_invalid (invalid
//   UTF-8 or a control character other than tab, newline and CR), field_out_of_range (an
//   integer outside [min, max]), and whatever a value parser returns (e.g. amount_invalid).
// A JSON null counts as absent: optional readers return nullopt, required ones fail.
// When the document itself is not an object, finish() reports field_type_invalid on `path`.
//
//   ObjectReader in(body);
//   auto name = in.required_string("name", limits::kNameLengthMax);
//   auto email = in.optional_string("email", limits::kEmailLengthMax);
//   TRY(in.finish());  // only now are name/email meaningful
class ObjectReader {
 public:
  // `path` prefixes field names in errors ("lines/0").
  explicit ObjectReader(const nlohmann::json& document, std::string path = {});

  std::string required_string(std::string_view name, std::size_t length_max);
  std::optional<std::string> optional_string(std::string_view name, std::size_t length_max);
  std::optional<std::int64_t> optional_integer(std::string_view name, std::int64_t min,
                                               std::int64_t max);
  std::optional<bool> optional_bool(std::string_view name);
  // An array of strings, each within `length_max`, at most `count_max` of them.
  std::optional<std::vector<std::string>> optional_string_array(std::string_view name,
                                                                std::size_t count_max,
                                                                std::size_t length_max);
  // The raw value (object/array) for nested reading; marks the field as known.
  const nlohmann::json* optional_value(std::string_view name);
  // True when the field is present and not null. Does not mark it as known.
  bool has(std::string_view name) const;

  // Records a problem found by the caller (e.g. a value parser's error) on `name`.
  void fail(std::string_view name, std::string code, std::string message);
  void fail(std::string_view name, const Error& error);
  // Marks a field as accepted without reading it (e.g. read-only "id" echoed back).
  void ignore(std::string_view name);

  bool ok() const { return m_errors.empty(); }
  const std::vector<FieldError>& errors() const { return m_errors; }
  // Errors: input_invalid (validation) listing every field problem, including unknown fields.
  Result<void> finish();

 private:
  std::string field_path(std::string_view name) const;
  const nlohmann::json* lookup(std::string_view name);

  const nlohmann::json& m_document;
  std::string m_path;
  std::set<std::string, std::less<>> m_seen;
  std::vector<FieldError> m_errors;
  bool m_not_object = false;
  bool m_finished = false;
};

}  // namespace keel::http
