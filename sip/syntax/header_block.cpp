#include "sip/syntax/header_block.hpp"

#include "sip/syntax/chars.hpp"

namespace passerelle::sip::detail {

bool split_field(std::string_view line, std::string_view& name,
                 std::string_view& value) noexcept {
  // header = field-name HCOLON field-value; HCOLON = *( SP / HTAB ) ":" SWS
  std::size_t i = 0;
  while (i < line.size() && chars::token(line[i]))
    ++i;
  if (i == 0)
    return false;
  name = line.substr(0, i);
  while (i < line.size() && chars::wsp(line[i]))
    ++i;
  if (i >= line.size() || line[i] != ':')
    return false;
  ++i;
  // Skip SWS, folds included.
  while (i < line.size()) {
    if (chars::wsp(line[i]))
      ++i;
    else if (line.substr(i, 2) == "\r\n" && i + 2 < line.size() &&
             chars::wsp(line[i + 2]))
      i += 3;
    else
      break;
  }
  value = line.substr(i);
  return true;
}

std::size_t header_end(std::string_view bytes, std::size_t pos) noexcept {
  // A message without header fields has its start line's CRLF followed
  // directly by the empty line.
  return bytes.find("\r\n\r\n", pos);
}

} // namespace passerelle::sip::detail
