// The only translation unit that includes RESTinio (it takes ~30 s to compile); everything
// else about a request lives in the Dispatcher.
#include "keel/http/server.h"

#include <spdlog/spdlog.h>

#include <asio/signal_set.hpp>
#include <asio/thread_pool.hpp>
#include <condition_variable>
#include <csignal>
#include <filesystem>
#include <future>
#include <mutex>
#include <optional>
#include <restinio/all.hpp>
#include <thread>

#include "keel/core/assert.h"
#include "keel/http/dispatcher.h"
#include "text.h"

namespace keel::http {

namespace {

namespace fs = std::filesystem;
using Traits = restinio::traits_t<restinio::asio_timer_manager_t, restinio::null_logger_t>;
using HttpServer = restinio::http_server_t<Traits>;
using RequestHandle = restinio::request_handle_t;

const char* reason_phrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 204:
      return "No Content";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 412:
      return "Precondition Failed";
    case 413:
      return "Content Too Large";
    case 422:
      return "Unprocessable Content";
    case 429:
      return "Too Many Requests";
    case 503:
      return "Service Unavailable";
    default:
      return status >= 500 ? "Internal Server Error" : "Unknown";
  }
}

std::string content_type_for(const fs::path& file) {
  static const std::map<std::string, std::string, std::less<>> kTypes = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".ico", "image/x-icon"},
      {".webp", "image/webp"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".ttf", "font/ttf"},
      {".txt", "text/plain; charset=utf-8"},
      {".webmanifest", "application/manifest+json"},
      {".wasm", "application/wasm"},
      {".pdf", "application/pdf"},
  };
  auto found = kTypes.find(detail::to_lower(file.extension().string()));
  return found == kTypes.end() ? "application/octet-stream" : found->second;
}

bool is_api_path(std::string_view path) { return path == "/api" || path.starts_with("/api/"); }

// The file under `root` (canonical) that a GET of `path` names, or nullopt. Refuses anything
// that would leave the directory: "..", encoded slashes and NUL, and symlinks pointing out.
std::optional<fs::path> static_file_for(const fs::path& root, std::string_view path) {
  auto decoded = detail::percent_decode(path, false);
  if (!decoded || decoded->empty() || decoded->front() != '/') return std::nullopt;
  if (decoded->find('\\') != std::string::npos) return std::nullopt;
  fs::path relative = fs::path(decoded->substr(1)).lexically_normal();
  for (const auto& part : relative) {
    if (part == "..") return std::nullopt;
  }
  std::error_code error;
  fs::path file = fs::weakly_canonical(root / relative, error);
  if (error) return std::nullopt;
  auto [root_end, file_it] = std::mismatch(root.begin(), root.end(), file.begin(), file.end());
  if (root_end != root.end()) return std::nullopt;
  if (fs::is_directory(file, error)) file /= "index.html";
  if (fs::is_regular_file(file, error)) return file;
  // Single-page app routing: "/partners/42" is a screen of the app, not a file.
  std::string last = fs::path(*decoded).filename().string();
  if (last.find('.') == std::string::npos && fs::is_regular_file(root / "index.html", error)) {
    return root / "index.html";
  }
  return std::nullopt;
}

}  // namespace

struct Server::Impl {
  Impl(const Router& router, db::Database& database, Authenticator& authenticator,
       const Clock& clock, ServerOptions server_options)
      : dispatcher(router, database, authenticator, clock),
        options(std::move(server_options)),
        workers(static_cast<std::size_t>(std::max(1, options.worker_threads))) {}

  Dispatcher dispatcher;
  ServerOptions options;
  asio::io_context io;
  asio::thread_pool workers;
  std::unique_ptr<HttpServer> server;
  std::optional<asio::signal_set> signals;
  std::vector<std::thread> io_threads;
  fs::path web_root;  // canonical; empty when there are no static files
  std::uint16_t port = 0;

  std::mutex mutex;
  std::condition_variable changed;
  bool started = false;
  bool stop_requested = false;
  bool draining = false;
  bool finished = false;
  int in_flight = 0;

  Result<std::uint16_t> start();
  Result<void> open_server();
  void shutdown();
  void request_stop();

  restinio::request_handling_status_t on_request(const RequestHandle& handle);
  void serve_api(const RequestHandle& handle);
  void serve_static(const RequestHandle& handle, std::string_view path);
  void reply(const RequestHandle& handle, Response response, bool counted);
  void finish_one();
  bool is_draining() {
    std::lock_guard lock(mutex);
    return draining;
  }
};

Result<std::uint16_t> Server::Impl::start() {
  if (started) return port;
  if (!options.web_dir.empty()) {
    std::error_code error;
    web_root = fs::canonical(options.web_dir, error);
    if (error) {
      return Error::internal("server_listen_failed",
                             "web directory " + options.web_dir + ": " + error.message());
    }
  }
  TRY(open_server());
  if (options.handle_signals) {
    signals.emplace(io, SIGINT, SIGTERM);
    signals->async_wait([this](const asio::error_code& error, int) {
      if (!error) request_stop();
    });
  }
  started = true;
  spdlog::info("http listening on {}:{}", options.address, port);
  return port;
}

Result<void> Server::Impl::open_server() {
  using namespace std::chrono;
  auto limits_config = restinio::incoming_http_msg_limits_t{}
                           .max_url_size(limits::kUrlBytesMax)
                           .max_field_name_size(limits::kHeaderFieldBytesMax)
                           .max_field_value_size(limits::kHeaderFieldBytesMax)
                           .max_field_count(limits::kHeaderFieldsCountMax)
                           .max_body_size(limits::kBodyBytesHardMax);
  restinio::server_settings_t<Traits> settings;
  settings.address(options.address)
      .port(options.port)
      .incoming_http_msg_limits(limits_config)
      .read_next_http_message_timelimit(seconds(limits::kRequestTimeoutS))
      .write_http_response_timelimit(seconds(limits::kRequestTimeoutS))
      .handle_request_timeout(seconds(limits::kRequestTimeoutS))
      .acceptor_post_bind_hook(
          [this](asio::ip::tcp::acceptor& acceptor) { port = acceptor.local_endpoint().port(); })
      .request_handler([this](RequestHandle handle) { return on_request(handle); });
  server = std::make_unique<HttpServer>(restinio::external_io_context(io), std::move(settings));

  std::promise<std::string> opened;
  server->open_async([&opened]() noexcept { opened.set_value({}); },
                     [&opened](std::exception_ptr failure) noexcept {
                       try {
                         std::rethrow_exception(failure);
                       } catch (const std::exception& exception) {
                         opened.set_value(exception.what());
                       }
                     });
  auto guard = asio::make_work_guard(io);
  for (int i = 0; i < std::max(1, options.io_threads); ++i) {
    io_threads.emplace_back([this] { io.run(); });
  }
  std::string failure = opened.get_future().get();
  guard.reset();
  if (!failure.empty()) {
    io.stop();
    for (auto& thread : io_threads) thread.join();
    io_threads.clear();
    return Error::internal("server_listen_failed", "cannot listen on " + options.address + ":" +
                                                       std::to_string(options.port) + ": " +
                                                       failure);
  }
  return Ok{};
}

namespace {

// Headers, method and path of a RESTinio request as a keel Request (the body is moved in
// only on the worker thread, where it is needed).
Request headers_of(const RequestHandle& handle) {
  Request request;
  request.path = std::string(handle->header().path());
  handle->header().for_each_field([&](const restinio::http_header_field_t& field) {
    request.headers.emplace_back(field.name(), field.value());
  });
  request.remote_ip = handle->remote_endpoint().address().to_string();
  request.request_id = Dispatcher::request_id_for(request);
  return request;
}

Response finished_problem(const Error& error, const Request& request) {
  Response response = Response::problem(error, request.request_id);
  Dispatcher::add_standard_headers(response, request.path, request.request_id);
  return response;
}

}  // namespace

restinio::request_handling_status_t Server::Impl::on_request(const RequestHandle& handle) {
  bool accepted = false;
  {
    std::lock_guard lock(mutex);
    accepted = !draining;
    if (accepted) ++in_flight;
  }
  std::string_view path = handle->header().path();
  if (!accepted) {
    Error error = Error::transient("server_shutting_down", "The server is shutting down.");
    reply(handle, finished_problem(error, headers_of(handle)), false);
  } else if (path == "/healthz" && handle->header().method() == restinio::http_method_get()) {
    Request request = headers_of(handle);
    Response response = Response::json(200, {{"status", "ok"}});
    Dispatcher::add_standard_headers(response, request.path, request.request_id);
    reply(handle, std::move(response), true);
  } else if (is_api_path(path)) {
    serve_api(handle);
  } else {
    serve_static(handle, path);
  }
  return restinio::request_accepted();
}

void Server::Impl::serve_api(const RequestHandle& handle) {
  // Everything below may touch the database, so none of it runs on an I/O thread.
  asio::post(workers, [this, handle] {
    Request request = headers_of(handle);
    auto method = parse_method(handle->header().method().c_str());
    auto query = detail::parse_query_string(handle->header().query());
    if (!method) {
      Error error(ErrorKind::bad_request, "method_not_allowed", "This method is not supported.");
      Response response = finished_problem(error, request);
      response.status = 405;
      reply(handle, std::move(response), true);
      return;
    }
    if (!query.ok()) {
      reply(handle, finished_problem(query.error(), request), true);
      return;
    }
    request.method = *method;
    request.query = std::move(query.value());
    request.body = handle->body();
    reply(handle, dispatcher.dispatch(std::move(request)), true);
  });
}

void Server::Impl::serve_static(const RequestHandle& handle, std::string_view path) {
  Request request = headers_of(handle);
  std::optional<fs::path> file;
  if (!web_root.empty() && handle->header().method() == restinio::http_method_get()) {
    file = static_file_for(web_root, path);
  }
  std::optional<restinio::sendfile_t> body;
  if (file) {
    // Opened before create_response(): a request gets one response builder, and a failure
    // after creating it would leave no way to answer 404.
    try {
      body.emplace(restinio::sendfile(file->string()));
    } catch (const std::exception& exception) {
      spdlog::warn("http static {}: {}", file->string(), exception.what());
    }
  }
  if (!body) {
    reply(handle, finished_problem(Error::not_found("route_not_found", "No such file."), request),
          true);
    return;
  }
  Response headers;
  Dispatcher::add_standard_headers(headers, request.path, request.request_id);
  auto builder = handle->create_response(restinio::status_ok());
  builder.append_header(restinio::http_field::content_type, content_type_for(*file));
  // index.html names the hashed asset files of the current build: always revalidate it.
  if (file->filename() == "index.html") builder.append_header("Cache-Control", "no-cache");
  for (auto& [name, value] : headers.headers) builder.append_header(name, value);
  builder.set_body(std::move(*body));
  builder.done([this](const asio::error_code&) { finish_one(); });
}

void Server::Impl::reply(const RequestHandle& handle, Response response, bool counted) {
  auto builder = handle->create_response(restinio::http_status_line_t{
      restinio::http_status_code_t{static_cast<std::uint16_t>(response.status)},
      reason_phrase(response.status)});
  if (!response.content_type.empty()) {
    builder.append_header(restinio::http_field::content_type, response.content_type);
  }
  for (auto& [name, value] : response.headers) builder.append_header(name, value);
  if (is_draining()) builder.connection_close();
  builder.set_body(std::move(response.body));
  // Counted requests are finished only once their bytes are written (or the write failed):
  // that is what shutdown waits for.
  builder.done([this, counted](const asio::error_code&) {
    if (counted) finish_one();
  });
}

void Server::Impl::finish_one() {
  std::lock_guard lock(mutex);
  KEEL_ASSERT(in_flight > 0);
  --in_flight;
  changed.notify_all();
}

void Server::Impl::request_stop() {
  std::lock_guard lock(mutex);
  stop_requested = true;
  changed.notify_all();
}

void Server::Impl::shutdown() {
  {
    std::lock_guard lock(mutex);
    if (finished) return;
    finished = true;
    draining = true;
  }
  if (started) {
    std::promise<void> closed;
    server->close_async([&closed]() noexcept { closed.set_value(); },
                        [&closed](std::exception_ptr) noexcept { closed.set_value(); });
    closed.get_future().wait();
    std::unique_lock lock(mutex);
    bool drained = changed.wait_for(lock, std::chrono::seconds(options.drain_timeout_s),
                                    [this] { return in_flight == 0; });
    if (!drained) spdlog::warn("http shutdown: {} requests still in flight", in_flight);
  }
  // Every transaction a worker has begun runs to its end, even past the drain timeout: a
  // commit is never cut off. I/O keeps running meanwhile, so late answers are still written.
  workers.join();
  {
    std::unique_lock lock(mutex);
    changed.wait_for(lock, std::chrono::seconds(1), [this] { return in_flight == 0; });
  }
  io.stop();
  for (auto& thread : io_threads) thread.join();
  server.reset();
  spdlog::info("http stopped");
}

Server::Server(const Router& router, db::Database& database, Authenticator& authenticator,
               const Clock& clock, ServerOptions options)
    : m_impl(std::make_unique<Impl>(router, database, authenticator, clock, std::move(options))) {}

Server::~Server() { m_impl->shutdown(); }

Result<std::uint16_t> Server::start() { return m_impl->start(); }

Result<void> Server::run() {
  TRY(m_impl->start());
  {
    std::unique_lock lock(m_impl->mutex);
    m_impl->changed.wait(lock, [this] { return m_impl->stop_requested; });
  }
  spdlog::info("http stopping: draining in-flight requests");
  m_impl->shutdown();
  return Ok{};
}

void Server::request_stop() { m_impl->request_stop(); }

}  // namespace keel::http
