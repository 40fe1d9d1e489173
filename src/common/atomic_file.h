// Outputs are written atomically: to a temporary file in the same directory, flushed,
// then renamed over the target, so a failure leaves the earlier output intact.
#pragma once
#include <filesystem>
#include <string_view>

namespace huizong {

// Throws Error(ExitCode::output) naming the path if the file cannot be written.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

}  // namespace huizong
