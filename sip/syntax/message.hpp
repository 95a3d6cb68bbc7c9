#pragma once

#include "sip/syntax/address.hpp"
#include "sip/syntax/auth_params.hpp"
#include "sip/syntax/header_names.hpp"
#include "sip/syntax/result.hpp"
#include "sip/syntax/scalars.hpp"
#include "sip/syntax/via.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace passerelle::sip {

/// How a message arrived, which decides how its body is framed
/// (RFC 3261 18.3).
enum class transport_kind { datagram, stream };

/// Options for `message::parse`.
struct parse_options {
  transport_kind transport = transport_kind::datagram;
  /// Messages larger than this are flagged `too_large`.
  std::size_t max_size = 65535;
};

/// Problems found while splitting a message that still leave it usable
/// enough to answer (the classifier turns them into responses).
enum class message_defect : std::uint8_t {
  none = 0,
  bad_header_line = 1,         ///< A line with no name or no colon.
  content_length_invalid = 2,  ///< Not 1*DIGIT, or too large.
  content_length_repeated = 4, ///< More than one Content-Length.
  content_length_overflow = 8, ///< Longer than the datagram.
  content_length_missing = 16, ///< No Content-Length on a stream.
  too_large = 32,              ///< Over `parse_options::max_size`.
};

/// One header field as received: views into the message buffer.
struct header_field {
  /// The name as written ("v", "ViA", "C%6Fntact").
  std::string_view name;
  /// Its id, compact forms resolved; `unknown` for others.
  header_id id = header_id::unknown;
  /// The raw value: after the colon, leading white space removed, line
  /// folds still in.
  std::string_view raw_value;
  /// The whole field as received, without its final CRLF.
  std::string_view line;

  /// Returns the value with folds replaced by SP and trimmed
  /// (RFC 3261 7.3.1).
  std::string value() const;

  /// Returns the same text as `value()` without copying: a view into the
  /// message when the value holds no CR (almost always), else a view of
  /// `scratch`, into which the value is unfolded.
  std::string_view value_view(std::string& scratch) const;
};

/// The typed values of the header fields that classify, the transaction
/// layer and the registrar all read, each parsed on first use and kept:
/// three readers then cost one parse (see `message::top_via`).
struct parsed_fields {
  std::optional<result<via>> top_via;
  std::optional<result<address>> from;
  std::optional<result<address>> to;
  std::optional<result<sip::cseq>> cseq;
  std::optional<result<contact_list>> contacts;
  std::optional<result<auth_value>> authorization;
};

/// An edit made to a message's buffer: `replaced` octets at `offset` (from
/// the start of the old buffer) now hold `inserted` octets.
struct buffer_edit {
  std::size_t offset = 0;
  std::size_t replaced = 0;
  std::size_t inserted = 0;
};

/// A SIP message split lazily over a caller-owned buffer (RFC 3261 7).
///
/// Parsing only finds the start line, the header fields and the body; the
/// typed parsers (`parse_via`, `parse_address`, ...) run when asked, and
/// those of the fields every request needs are kept (`parsed_fields`). The
/// views stay valid only while the buffer lives.
class message {
public:
  /// Splits the first message of `bytes`. Leading CRLFs are skipped
  /// (RFC 3261 7.5). On a datagram the body is the rest of the datagram
  /// cut to Content-Length and octets past it are ignored; on a stream the
  /// buffer must hold the whole message as framed by `next_frame`.
  static result<message> parse(std::string_view bytes, parse_options opts = {});

  /// Refuses a temporary string, whose death would leave the views
  /// dangling.
  template <class String>
  requires std::is_same_v<std::remove_cvref_t<String>, std::string> &&
      std::is_rvalue_reference_v<String&&>
  static result<message> parse(String&& bytes,
                               parse_options opts = {}) = delete;

  /// Returns whether this is a request.
  bool is_request() const noexcept { return request_; }

  /// Returns whether this is a response.
  bool is_response() const noexcept { return !request_; }

  /// Returns the start line without CRLF.
  std::string_view start_line() const noexcept { return start_line_; }

  /// Request: the method (text before the first SP).
  std::string_view method() const noexcept { return part1_; }

  /// Request: the Request-URI (between the first and the last SP).
  std::string_view request_uri() const noexcept { return part2_; }

  /// The SIP-Version of either start line.
  std::string_view version() const noexcept {
    return request_ ? part3_ : part1_;
  }

  /// Response: the status code as written.
  std::string_view status_text() const noexcept { return part2_; }

  /// Response: the status code when it is three digits, else nothing.
  std::optional<int> status_code() const noexcept;

  /// Response: the reason phrase (may be empty).
  std::string_view reason() const noexcept { return part3_; }

  /// Returns whether the Request-Line is exactly `Method SP Request-URI SP
  /// SIP-Version` (RFC 3261 7.1): single spaces, no empty part.
  bool strict_request_line() const noexcept;

  /// All header fields, in order.
  const std::vector<header_field>& headers() const noexcept { return headers_; }

  /// Returns the first field with this id, or null.
  const header_field* find(header_id id) const noexcept {
    auto first = firsts_[static_cast<std::size_t>(id)];
    if (first == 0 || id == header_id::unknown)
      return nullptr;
    return &headers_[first - 1];
  }

  /// Returns the first field with this name (case-insensitive, compact
  /// forms understood), or null.
  const header_field* find(std::string_view name) const noexcept;

  /// Returns how many fields carry this id.
  std::size_t count(header_id id) const noexcept {
    return counts_[static_cast<std::size_t>(id)];
  }

  /// Returns the unfolded value of the first field with this id.
  std::optional<std::string> value(header_id id) const;

  /// Returns the unfolded value of the first field with this name.
  std::optional<std::string> value(std::string_view name) const;

  /// Returns what `value(id)` returns, as a view into the message or, for
  /// a folded value, into `scratch` (see `header_field::value_view`).
  std::optional<std::string_view> value_view(header_id id,
                                             std::string& scratch) const;

  /// Returns the unfolded values of all fields with this id.
  std::vector<std::string> values(header_id id) const;

  /// Returns the list elements of all fields with this id: each value
  /// split at commas outside quotes and `<>`, repeated fields concatenated
  /// in order (RFC 3261 7.3.1). Empty elements are kept.
  std::vector<std::string> list(header_id id) const;

  /// The body, framed as described at `parse`.
  std::string_view body() const noexcept { return body_; }

  /// The message bytes from the start line to the end of the body.
  std::string_view bytes() const noexcept { return bytes_; }

  /// How many bytes of the input the message used, leading CRLFs
  /// included.
  std::size_t consumed() const noexcept { return consumed_; }

  /// How the message was framed.
  transport_kind transport() const noexcept { return transport_; }

  /// Returns whether a defect was found.
  bool has(message_defect d) const noexcept {
    return (defects_ & static_cast<std::uint8_t>(d)) != 0;
  }

  /// Rebuilds the message from its parts; byte-for-byte equal to
  /// `bytes()` since nothing is ever normalised in place.
  std::string serialize() const;

  /// The top Via: `parse_via` of the first list element of the first Via
  /// field (unfolded); null without Via. Parsed once, then kept.
  const result<via>* top_via() const;

  /// `parse_address` of the first From field's value; null without From.
  const result<address>* from() const;

  /// `parse_address` of the first To field's value; null without To.
  const result<address>* to() const;

  /// `parse_cseq` of the first CSeq field's value; null without CSeq.
  const result<sip::cseq>* cseq() const;

  /// `parse_contacts(list(header_id::contact))`; an empty list when there
  /// is no Contact.
  const result<contact_list>& contacts() const;

  /// `parse_auth` of the first Authorization field's value; null without
  /// Authorization.
  const result<auth_value>* authorization() const;

  /// Hands the top Via over (see `top_via`; `empty` without Via), keeping
  /// none: for an editor of the buffer (`rebase`) who then keeps what
  /// parsing the edited top Via gives.
  result<via> take_top_via();

  /// Keeps `v` as the top Via (see `take_top_via`).
  void keep_top_via(result<via>&& v) { parsed_.top_via.emplace(std::move(v)); }

  /// Points the views at `now`, a copy of `was` (the buffer this message
  /// was parsed over, still alive) changed by `edit` inside one header
  /// field's value, as a parse of `now` would have found them, and forgets
  /// the kept values of that field. Returns false, leaving the message
  /// unusable, when a view other than that field's straddles the edit:
  /// parse `now` instead.
  bool rebase(std::string_view was, std::string_view now,
              const buffer_edit& edit);

private:
  void add_defect(message_defect d) noexcept {
    defects_ |= static_cast<std::uint8_t>(d);
  }

  /// Fills this (default) message from `bytes`, as `parse` describes.
  std::optional<syntax_error> split(std::string_view bytes,
                                    const parse_options& opts);

  /// Splits `start_line_` into its three parts.
  std::optional<syntax_error> split_start_line();

  std::optional<syntax_error> frame_body(std::string_view rest,
                                         const parse_options& opts);

  void add_field(const header_field& f);

  /// Splits one logical header line into a field and adds it.
  void add_field(std::string_view line);

  /// Drops the kept values of the fields marked in `touched` (by id).
  void forget_parsed(const std::array<bool, header_id_count>& touched);

  bool request_ = true;
  std::string_view start_line_;
  std::string_view part1_;
  std::string_view part2_;
  std::string_view part3_;
  std::vector<header_field> headers_;
  /// Per header id: how many fields carry it, and one past the index of
  /// the first (0 when none), so that `count` and `find` take no scan.
  std::array<std::uint32_t, header_id_count> counts_{};
  std::array<std::uint32_t, header_id_count> firsts_{};
  std::string_view body_;
  std::string_view bytes_;
  std::size_t consumed_ = 0;
  transport_kind transport_ = transport_kind::datagram;
  std::size_t max_size_ = 0;
  std::uint8_t defects_ = 0;
  mutable parsed_fields parsed_;
};

} // namespace passerelle::sip
