#pragma once

#include <compare>
#include <cstdint>
#include <functional>

namespace keel {

// A distinct integer id per entity: a PartyId cannot be passed where a UserId is expected.
// Modules declare their own (`using PartyId = Id<struct PartyTag>;`).
template <typename Tag>
class Id {
 public:
  constexpr Id() = default;
  constexpr explicit Id(std::int64_t value) : m_value(value) {}
  constexpr std::int64_t value() const { return m_value; }
  constexpr bool valid() const { return m_value > 0; }
  constexpr auto operator<=>(const Id&) const = default;

 private:
  std::int64_t m_value = 0;
};

using CompanyId = Id<struct CompanyTag>;
using UserId = Id<struct UserTag>;

}  // namespace keel

template <typename Tag>
struct std::hash<keel::Id<Tag>> {
  std::size_t operator()(const keel::Id<Tag>& id) const noexcept {
    return std::hash<std::int64_t>{}(id.value());
  }
};
