#pragma once

#include "sip/txn/effect.hpp"
#include "sip/txn/invite_client.hpp"
#include "sip/txn/invite_server.hpp"
#include "sip/txn/non_invite_client.hpp"
#include "sip/txn/non_invite_server.hpp"
#include "sip/txn/timers.hpp"
#include "sip/txn/txn_key.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace passerelle::sip::txn {

/// Id the table gives a transaction; the caller routes timers and TU
/// responses with it.
enum class transaction_id : std::uint64_t {};

/// Settings of a transaction_table.
struct table_config {
  /// Timer values and options for every transaction.
  timer_config timers;
  /// Live transactions (client and server) beyond which new ones are
  /// refused.
  std::size_t max_transactions = 10000;
};

/// What the table did with an incoming request.
enum class request_disposition {
  created,       ///< New server transaction; the request goes to the TU.
  matched,       ///< Absorbed by an existing transaction (retransmission
                 ///< or ACK for a non-2xx).
  unmatched_ack, ///< ACK outside any transaction (ACK for a 2xx): the
                 ///< caller hands it to the TU core (RFC 3261 17.2.3).
  overloaded,    ///< Table full: the caller answers 503 statelessly.
};

/// Result of transaction_table::on_request.
struct request_outcome {
  request_disposition disposition;
  /// The transaction, for `created` and `matched`.
  transaction_id id{};
  /// For a created CANCEL transaction: the INVITE server transaction it
  /// cancels, if any (RFC 3261 9.2); none means answer 481.
  std::optional<transaction_id> cancelled;
  /// Effects of the transaction, in order.
  effects out;
};

/// What the table reads from an incoming response (RFC 3261 17.1.3).
struct response_summary {
  /// Top Via branch parameter.
  std::string branch;
  /// CSeq method.
  std::string cseq_method;
  /// Status code.
  int status = 0;
};

/// What the table did with an incoming response.
enum class response_disposition {
  matched,   ///< Fed to a client transaction.
  unmatched, ///< Stray response: the caller drops it or, for a 2xx to an
             ///< INVITE, hands it to the TU core (RFC 3261 17.1.1.2).
};

/// Result of transaction_table::on_response.
struct response_outcome {
  response_disposition disposition;
  /// The transaction, for `matched`.
  transaction_id id{};
  /// Effects of the transaction, in order.
  effects out;
};

/// What the table did with a request the TU sends.
enum class start_disposition {
  started,           ///< New client transaction; the request goes out.
  duplicate,         ///< A client transaction has this key already.
  not_transactional, ///< ACK: sent by the TU or the INVITE transaction.
  overloaded,        ///< Table full.
};

/// Result of transaction_table::start_client.
struct start_outcome {
  start_disposition disposition;
  /// The transaction, for `started`.
  transaction_id id{};
  /// Effects of the transaction, in order.
  effects out;
};

/// The live client and server transactions of one SIP element, keyed per
/// RFC 3261 17.1.3 and 17.2.3. Pure: it never sends nor sleeps; every call
/// returns effects for the caller to perform. Terminated transactions are
/// removed as soon as they report `terminated`.
class transaction_table {
public:
  /// Builds an empty table.
  explicit transaction_table(const table_config& config);

  /// Matches a request from the transport to a server transaction, or
  /// creates one (RFC 3261 17.2.3).
  request_outcome on_request(const request_summary& req, message_handle msg,
                             transport_kind transport);

  /// Matches a response from the transport to a client transaction
  /// (RFC 3261 17.1.3).
  response_outcome on_response(const response_summary& rsp, message_handle msg);

  /// Creates a client transaction for a request the TU sends; `key` holds
  /// the branch the TU put in the top Via and the request method.
  start_outcome start_client(const client_key& key, message_handle request,
                             transport_kind transport);

  /// Sends a TU response through server transaction `id`. `to_tag` is the
  /// To tag of the response, used to match RFC 2543 ACKs (RFC 3261 17.2.3).
  effects on_tu_response(transaction_id id, int status, message_handle response,
                         std::string_view to_tag);

  /// Routes a timer callback; unknown ids and stale generations are ignored.
  effects on_timer(transaction_id id, timer_id timer, generation gen);

  /// Routes a transport error reported while sending for `id`.
  effects on_transport_error(transaction_id id);

  /// Drops transaction `id` at once, whatever its state; its timers are
  /// ignored from then on. For a TU that chooses not to absorb
  /// retransmissions of some answers (a registrar's 401: a retransmitted
  /// request then simply gets a fresh challenge).
  void forget(transaction_id id);

  /// Returns the number of live transactions.
  std::size_t size() const noexcept { return entries_.size(); }

  /// Returns whether transaction `id` is live.
  bool contains(transaction_id id) const noexcept {
    return entries_.contains(id);
  }

private:
  using machine = std::variant<invite_client, non_invite_client, invite_server,
                               non_invite_server>;
  using index_key = std::variant<client_key, txn_key, rfc2543_key>;
  using client_index = std::map<client_key, transaction_id>;
  using server_index = std::map<txn_key, transaction_id>;
  using rfc2543_index = std::multimap<rfc2543_key, transaction_id>;
  /// Where a transaction's key lives in its index: the key is kept once,
  /// there (a table of 100k lingering transactions felt every copy).
  using index_ref = std::variant<client_index::iterator, server_index::iterator,
                                 rfc2543_index::iterator>;

  /// One live transaction and how it is found.
  struct entry {
    machine txn;
    index_ref where;
    /// To tag of the creating request (RFC 2543 matching).
    std::string request_to_tag;
    /// To tag of the last final response sent (RFC 2543 ACK matching).
    std::optional<std::string> response_to_tag;
  };

  using entry_map = std::map<transaction_id, entry>;

  /// The index key of a server transaction for `req`: by branch when it
  /// has the magic cookie, else the RFC 2543 fields.
  static index_key server_key(const request_summary& req);
  std::optional<transaction_id> find_server(const index_key& key,
                                            const request_summary& req) const;
  std::optional<transaction_id>
  find_cancel_target(const request_summary& req) const;
  std::optional<transaction_id> find_rfc2543(const rfc2543_key& key,
                                             std::string_view to_tag,
                                             bool match_response_tag) const;
  request_outcome feed_server(transaction_id id, const request_summary& req,
                              message_handle msg);
  /// Creates the server transaction of `req`, found in its index by
  /// `key` (`make_txn_key` or `make_rfc2543_key` of it).
  request_outcome create_server(const request_summary& req, message_handle msg,
                                transport_kind transport, index_key key);
  transaction_id insert(machine txn, index_key key, std::string to_tag);
  void erase_if_terminated(entry_map::iterator pos);
  void erase(entry_map::iterator pos);

  template <class Input>
  effects dispatch(transaction_id id, Input input);

  table_config config_;
  std::uint64_t next_id_ = 1;
  entry_map entries_;
  client_index clients_;
  server_index servers_;
  rfc2543_index rfc2543_servers_;
};

} // namespace passerelle::sip::txn
