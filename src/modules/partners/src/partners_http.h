#pragma once

#include <nlohmann/json.hpp>
#include <optional>

#include "keel/core/result.h"
#include "keel/partners/partners_api.h"

// JSON bodies of the partners routes, read strictly (unknown fields and wrong types are
// input_invalid with one field error each).
namespace keel::partners::http_api {

// A POST /api/v1/partners body. Errors: input_invalid.
Result<PartyDraft> read_draft(const nlohmann::json& body);

// A PATCH body; `version` receives the body's "version" when present. Errors: input_invalid.
Result<PartyPatch> read_patch(const nlohmann::json& body, std::optional<std::int64_t>& version);

}  // namespace keel::partners::http_api
