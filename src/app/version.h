#pragma once

namespace keel::app {
inline constexpr const char* kVersion = "0.1.0";
}
