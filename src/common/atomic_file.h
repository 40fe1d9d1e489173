// Outputs are written atomically: to a temporary file in the same directory, then renamed
// over the target, so a failure or a killed process leaves the earlier output intact.
// (Not fsynced: a power cut may lose the newest outputs, never leave a half-written one
// visible under the final name on journaling file systems with rename ordering.)
#pragma once
#include <filesystem>
#include <string_view>

namespace huizong {

// Throws Error(ExitCode::output) naming the path if the file cannot be written.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

}  // namespace huizong
