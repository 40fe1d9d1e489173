// One exception type for every user-facing failure: it carries what the user needs to
// act (file, line, what is wrong, what to do) and the documented exit code.
#pragma once
#include <stdexcept>
#include <string>

namespace huizong {

enum class ExitCode : int { ok = 0, usage = 1, input = 2, output = 3, template_error = 4 };

class Error : public std::runtime_error {
 public:
  Error(ExitCode code, std::string file, int line, std::string what_is_wrong, std::string what_to_do)
      : std::runtime_error(what_is_wrong),
        code_(code),
        file_(std::move(file)),
        line_(line),
        problem_(std::move(what_is_wrong)),
        hint_(std::move(what_to_do)) {}

  ExitCode code() const { return code_; }
  const std::string& file() const { return file_; }
  int line() const { return line_; }  // 0 when the error is about the whole file
  const std::string& problem() const { return problem_; }
  const std::string& hint() const { return hint_; }

  // `FILE[:LINE]: what is wrong — what to do`, the one line printed on stderr.
  std::string one_line() const {
    std::string s = file_;
    if (line_ > 0) s += ":" + std::to_string(line_);
    if (!s.empty()) s += ": ";
    s += problem_;
    if (!hint_.empty()) s += " — " + hint_;
    return s;
  }

 private:
  ExitCode code_;
  std::string file_;
  int line_;
  std::string problem_;
  std::string hint_;
};

inline Error input_error(std::string file, int line, std::string problem, std::string hint) {
  return Error(ExitCode::input, std::move(file), line, std::move(problem), std::move(hint));
}

}  // namespace huizong
