#include "http/front_connection.hpp"

#include "http/api_errors.hpp"
#include "http/front_request.hpp"
#include "http/phone_files.hpp"

#include <asio/write.hpp>

#include <algorithm>
#include <cstring>

namespace passerelle::http {

namespace {

/// A new connection's read buffer: most phones' requests fit in it.
constexpr size_t first_buffer = 2048;

/// The least room a read is given.
constexpr size_t min_read = 1024;

/// Room read ahead of the unanswered bytes in a full-grown buffer: since
/// those stay below the head limit, a read always has this much.
constexpr size_t read_room = 8192;

phone_answer internal_error() {
  return {500, "application/json", error_body("internal", "internal error")};
}

} // namespace

front_connection::front_connection(front_context& ctx,
                                   asio::ip::tcp::socket socket,
                                   std::string peer_ip, uint16_t peer_port)
    : ctx_(ctx),
      socket_(std::move(socket)),
      peer_ip_(std::move(peer_ip)),
      peer_port_(peer_port),
      in_(first_buffer) {
  // nop
}

void front_connection::start() {
  step();
}

void front_connection::close() {
  if (closed_)
    return;
  // Callers hold their own reference: this one may be the last but theirs.
  self_.reset();
  answering_ = false;
  closed_ = true;
  ctx_.forget(this, peer_ip_);
  deadline_ = clock::time_point::max();
  std::error_code ignored;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
}

void front_connection::stop() {
  if (reading_)
    return close(); // between requests or inside one: nothing owed
  closing_ = true;
  handing_ = false;
  if (answering_)
    answer_deadline_ = std::min(
        answer_deadline_, clock::now() + ctx_.settings.answer_timeout_stopping);
}

void front_connection::check_deadline(clock::time_point now) {
  if (now >= deadline_)
    close();
  else if (answering_ && now >= answer_deadline_)
    answered(answer_seq_, no_fleet_answer(),
             false); // took too long: 503, close
}

void front_connection::step() {
  if (closed_ || reading_ || writing_)
    return;
  serve_buffered();
  if (!out_.empty())
    return start_write();
  if (answering_)
    return;
  if (handing_)
    return hand_over();
  if (closing_)
    return close();
  start_read();
}

void front_connection::serve_buffered() {
  while (!answering_ && !closing_ && !handing_ && in_begin_ < in_end_) {
    std::string_view bytes{in_.data() + in_begin_, in_end_ - in_begin_};
    auto status = parse_request_head(bytes, head_, {ctx_.settings.max_head});
    if (status == head_status::incomplete)
      return;
    if (status != head_status::complete) {
      handing_ = true; // httplib gives malformed and oversized their 4xx
      return;
    }
    serve(head_);
  }
}

void front_connection::serve(const request_head& head) {
  auto get = front_takes(head);
  if (!get) {
    handing_ = true;
    return;
  }
  ++served_;
  // httplib's rule: the last request a connection may carry is told so.
  bool keep_alive = keeps_alive(head) && served_ < ctx_.settings.keep_alive_max;
  phone_fetch fetch{get->path, get->user_agent, peer_ip_};
  std::variant<phone_answer, later_answer> reply;
  try {
    reply = ctx_.handlers.answer(fetch);
  } catch (...) {
    reply = internal_error();
  }
  if (auto* now = std::get_if<phone_answer>(&reply))
    respond(*now, keep_alive);
  else
    answer_later(std::get<later_answer>(reply), keep_alive);
  in_begin_ += head.size;
}

void front_connection::respond(const phone_answer& answer, bool keep_alive) {
  keep_alive = keep_alive && !closing_;
  auto& s = ctx_.settings;
  append_response(out_, answer,
                  {keep_alive, static_cast<int>(s.keep_alive_timeout.count()),
                   s.keep_alive_max});
  if (!keep_alive)
    closing_ = true;
}

void front_connection::answer_later(const later_answer& start,
                                    bool keep_alive) {
  answering_ = true;
  auto seq = ++answer_seq_;
  self_ = shared_from_this();
  auto& s = ctx_.settings;
  answer_deadline_ = clock::now() + (ctx_.stopping ? s.answer_timeout_stopping
                                                   : s.answer_timeout);
  // Back to the I/O thread by a post, if the front and this connection
  // are still there; a late answer (given up, or closed) is dropped.
  auto done = [door = ctx_.door, weak = weak_from_this(), seq,
               keep_alive](phone_answer answer) {
    door->post([weak, seq, keep_alive, answer = std::move(answer)]() mutable {
      if (auto self = weak.lock())
        self->answered(seq, std::move(answer), keep_alive);
    });
  };
  try {
    start(std::move(done));
  } catch (...) {
    asio::post(ctx_.io, [self = shared_from_this(), seq, keep_alive] {
      self->answered(seq, internal_error(), keep_alive);
    });
  }
}

void front_connection::answered(uint64_t seq, phone_answer answer,
                                bool keep_alive) {
  if (closed_ || !answering_ || seq != answer_seq_)
    return;
  answering_ = false;
  answer_deadline_ = clock::time_point::max();
  auto keep = std::move(self_);
  respond(answer, keep_alive);
  step();
}

void front_connection::make_room() {
  if (in_begin_ == in_end_) {
    in_begin_ = in_end_ = 0;
  } else if (in_begin_ > 0 && in_.size() - in_end_ < min_read) {
    std::memmove(in_.data(), in_.data() + in_begin_, in_end_ - in_begin_);
    in_end_ -= in_begin_;
    in_begin_ = 0;
  }
  auto full = ctx_.settings.max_head + read_room;
  if (in_.size() - in_end_ < min_read && in_.size() < full)
    in_.resize(std::min(in_.size() * 2, full));
}

void front_connection::start_read() {
  make_room();
  auto& s = ctx_.settings;
  deadline_ = clock::now() +
              (in_begin_ == in_end_ ? s.keep_alive_timeout : s.read_timeout);
  reading_ = true;
  socket_.async_read_some(
      asio::buffer(in_.data() + in_end_, in_.size() - in_end_),
      [self = shared_from_this()](const std::error_code& ec, size_t n) {
        self->reading_ = false;
        self->deadline_ = clock::time_point::max();
        if (ec || self->closed_)
          return self->close();
        self->in_end_ += n;
        self->step();
      });
}

void front_connection::start_write() {
  deadline_ = clock::now() + ctx_.settings.write_timeout;
  writing_ = true;
  // Answers that come in meanwhile go to `out_`, not the buffer written.
  sending_.swap(out_);
  asio::async_write(
      socket_, asio::buffer(sending_),
      [self = shared_from_this()](const std::error_code& ec, size_t) {
        self->writing_ = false;
        self->deadline_ = clock::time_point::max();
        if (ec || self->closed_)
          return self->close();
        self->sending_.clear();
        self->step();
      });
}

void front_connection::hand_over() {
  handed_connection handed;
  handed.pending.assign(in_.data() + in_begin_, in_end_ - in_begin_);
  handed.peer_ip = peer_ip_;
  handed.peer_port = peer_port_;
  handed.requests_left = ctx_.settings.keep_alive_max - served_;
  std::error_code ec;
  handed.fd = socket_.release(ec);
  if (ec)
    return close();
  closed_ = true;
  ctx_.forget(this, peer_ip_);
  ctx_.handlers.hand_over(std::move(handed));
}

} // namespace passerelle::http
