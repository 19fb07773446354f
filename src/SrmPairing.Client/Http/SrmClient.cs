using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;
using Srm.Client.Models;
using Srm.Client.Wire;

namespace Srm.Client.Http
{
    /// <summary>
    /// The HTTP core shared by every cmdlet: one HttpClient per connection, the x-dr-session header, the
    /// client-side rate limit, retries of idempotent requests, and mapping of failures to <see cref="SrmApiException"/>.
    /// </summary>
    internal sealed partial class SrmClient : IDisposable
    {
        private const string SessionHeader = "x-dr-session";
        private static readonly TimeSpan RateLimitWindow = TimeSpan.FromMinutes(1);
        private static readonly MediaTypeHeaderValue JsonMediaType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };

        /// <summary>
        /// The longest request target (path and query, base path included) sent for a list of tasks by id. Servers
        /// and proxies commonly refuse request lines or header blocks over 8 KB (Kestrel's and nginx's request line
        /// limit, Tomcat's whole header block), so 7 KB leaves room for the method, the protocol and the headers.
        /// With SRM's task ids (about 16 characters) that is some 280 ids, so a wait for a few hundred tasks is one
        /// request per round.
        /// </summary>
        internal const int MaxRequestTargetLength = 7 * 1024;

        /// <summary>
        /// The most pages one listing (GET /pairings) reads. An SRM site has a handful of pairings, one page of 100; a
        /// server that pages in steps of 10 still lists 1,000 in 100 pages. Past this the listing is refused.
        /// </summary>
        internal const int MaxListPages = 100;

        /// <summary>The most items one listing (GET /pairings) collects. Past this the listing is refused.</summary>
        internal const int MaxListItems = 10000;

        private readonly HttpClient _http;
        private readonly string _baseUrl;
        private readonly string _basePath;
        private readonly string _serverLabel;
        private readonly string _host;
        private readonly CertificatePolicy _certificates;
        private readonly RequestRateLimiter _limiter;
        private readonly SrmClientOptions _options;
        private readonly Random _jitter = new Random();
        private readonly SemaphoreSlim _login = new SemaphoreSlim(1, 1);
        private string? _sessionId;

        // Kept (as SecureString) to log in again once when a session that worked expires; forgotten on Dispose.
        private SrmCredential? _credential;

        internal SrmClient(SrmEndpoint endpoint, SrmClientOptions? options, HttpMessageHandler? handler = null)
        {
            _options = options ?? new SrmClientOptions();
            _baseUrl = endpoint.BaseUri.ToString().TrimEnd('/');
            _basePath = endpoint.BaseUri.AbsolutePath.TrimEnd('/');
            _host = endpoint.Host;
            _serverLabel = endpoint.Port == SrmEndpoint.DefaultPort ? endpoint.Host : endpoint.Host + ":" + endpoint.Port;
            _certificates = new CertificatePolicy(_options.SkipCertificateCheck, _options.CertificateThumbprint);
            _limiter = new RequestRateLimiter(_options.MaxRequestsPerMinute);
            _http = new HttpClient(handler ?? CreateHandler(_certificates), disposeHandler: true)
            {
                // Per-request timeouts are applied with a CancellationToken so that they can be told from Ctrl+C.
                Timeout = System.Threading.Timeout.InfiniteTimeSpan,
            };
            _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("SrmPairing", typeof(SrmClient).Assembly.GetName().Version.ToString(3)));
        }

        /// <summary>The public connection object this client belongs to; set by <see cref="SrmConnection"/>.</summary>
        internal SrmConnection? Owner { get; set; }

        internal bool HasSession => _sessionId != null;

        internal SrmClientOptions Options => _options;

        /// <summary>Whether anyone takes trace lines: a hot path checks this before formatting one.</summary>
        internal bool TraceEnabled => _options.Trace != null;

        /// <summary>
        /// Hands a line about a request (method, path, status, time, op_id; never a body or a header) to
        /// <see cref="SrmClientOptions.Trace"/>, with any server text in it made safe to show.
        /// </summary>
        internal void Trace(string message) => _options.Trace?.Invoke(Text.DisplayText.OneLine(message));

        /// <summary>
        /// Reads a response body of at most <see cref="SrmClientOptions.MaxResponseBodyBytes"/> bytes. A larger 2xx
        /// body is an <see cref="SrmErrorKind.InvalidResponse"/> naming the limit: refused from its Content-Length
        /// before any of it is read, or, without one, as soon as the count passes the limit. An error body (not 2xx) is
        /// cut at the limit instead: its status says enough.
        /// </summary>
        private async Task<string> ReadBodyAsync(HttpResponseMessage response, string method, string path, bool success,
            CancellationToken cancellationToken)
        {
            var content = response.Content;
            if (content == null)
            {
                return string.Empty;
            }

            var limit = Math.Max(0, _options.MaxResponseBodyBytes);
            var declared = content.Headers.ContentLength;
            if (success && declared > limit)
            {
                throw BodyTooLarge(method, path, limit, declared);
            }

            var bytes = new MemoryStream();
            var buffer = new byte[16 * 1024];
            using (var stream = await content.ReadAsStreamAsync().ConfigureAwait(false))
            {
                while (true)
                {
                    var room = (int)Math.Min(buffer.Length, limit + 1L - bytes.Length);
                    int read;
                    try
                    {
                        read = await stream.ReadAsync(buffer, 0, room, cancellationToken).ConfigureAwait(false);
                    }
                    catch (IOException ex)
                    {
                        throw BodyCutOff(method, path, response, bytes.Length, ex);
                    }

                    if (read == 0)
                    {
                        break;
                    }

                    bytes.Write(buffer, 0, read);
                    if (bytes.Length > limit)
                    {
                        if (success)
                        {
                            throw BodyTooLarge(method, path, limit, null);
                        }

                        bytes.SetLength(limit);
                        break;
                    }
                }
            }

            return Decode(bytes, content.Headers.ContentType?.CharSet);
        }

        private static string Decode(MemoryStream bytes, string? charset)
        {
            var encoding = Utf8;
            if (!SrmText.IsBlank(charset))
            {
                try
                {
                    encoding = Encoding.GetEncoding(charset.Trim().Trim('"'));
                }
                catch (ArgumentException)
                {
                    // An unknown charset: JSON is UTF-8.
                }
            }

            bytes.Position = 0;
            using (var reader = new StreamReader(bytes, encoding, detectEncodingFromByteOrderMarks: true))
            {
                return reader.ReadToEnd();
            }
        }

        private static readonly Encoding Utf8 = new UTF8Encoding(false);

        private SrmApiException BodyTooLarge(string method, string path, long limit, long? declared)
        {
            var size = declared.HasValue ? $"a body of {declared.Value} bytes" : "a body larger than that";
            return new SrmApiException(SrmErrorKind.InvalidResponse, method, path,
                $"{method} {path} on {_serverLabel} answered with {size}; the module reads at most {SrmText.Bytes(limit)} of an answer, " +
                "so the answer was refused.");
        }

        private SrmApiException BodyCutOff(string method, string path, HttpResponseMessage response, long received, Exception cause)
        {
            var status = (int)response.StatusCode;
            var reached = method == "GET" ? string.Empty : " The server did receive the request; check whether it took effect.";
            return new SrmApiException(SrmErrorKind.ConnectionFailed, method, path,
                $"The answer of {_serverLabel} to {method} {path} ({status} {response.ReasonPhrase}) was cut off after {received} bytes of its body: " +
                SrmText.EndSentence(Innermost(cause).Message) + reached, innerException: cause);
        }

        private static HttpMessageHandler CreateHandler(CertificatePolicy certificates)
        {
            return new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (request, certificate, chain, errors) => certificates.Validate(certificate, errors),
                AllowAutoRedirect = false,
                UseCookies = false,
                UseProxy = false,
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            };
        }

        // ---- session -------------------------------------------------------------------------------------------

        /// <summary>POST /session with HTTP Basic; keeps the session id for later calls.</summary>
        internal async Task LoginAsync(SrmCredential credential, CancellationToken cancellationToken)
        {
            var body = await SendAsync(HttpMethod.Post, "/session", null, idempotent: false, cancellationToken,
                request => request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credential.ToBasicAuthorizationParameter()),
                useSession: false).ConfigureAwait(false);
            var sessionId = Parse<SessionIdData>(body, "POST", "/session")?.SessionId;
            if (SrmText.IsEmpty(sessionId))
            {
                throw new SrmApiException(SrmErrorKind.InvalidResponse, "POST", "/session",
                    $"POST /session on {_serverLabel} succeeded but the response has no session_id.");
            }

            // It goes back in the x-dr-session header of every request: a CR or LF there would end the header block
            // and smuggle a request of the server's choosing. (Never shown: it is a secret.)
            var unusable = SrmIds.WhyNotHeaderToken(sessionId);
            if (unusable != null)
            {
                throw new SrmApiException(SrmErrorKind.InvalidResponse, "POST", "/session",
                    $"POST /session on {_serverLabel} succeeded but its session_id cannot be used in a header ({unusable}); it was not used.");
            }

            _sessionId = sessionId;
            _credential = credential;
        }

        /// <summary>
        /// Logs in again with the kept credential after <paramref name="staleSession"/> was refused, unless another
        /// request has already done so.
        /// </summary>
        private async Task RenewSessionAsync(string? staleSession, string method, string path, CancellationToken cancellationToken)
        {
            await _login.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var credential = _credential;
                if (_sessionId != staleSession || credential == null)
                {
                    return;
                }

                Trace($"{method} {path}: the session has expired; logging in again as {credential.UserName}.");
                try
                {
                    await LoginAsync(credential, cancellationToken).ConfigureAwait(false);
                }
                catch (SrmApiException ex) when (ex.IsTransient)
                {
                    // The appliance could not be reached: the credential may still be good, so keep it, and let
                    // the caller treat this like any other transient failure (a wait goes on to its next round).
                    throw;
                }
                catch (SrmApiException ex)
                {
                    // Refused: never offer a rejected password again, or concurrent calls could lock the account.
                    _credential = null;
                    throw new SrmApiException(SrmErrorKind.Unauthorized, method, path,
                        $"The session on {_serverLabel} expired, and logging in again as '{credential.UserName}' failed: {ex.Message}",
                        ex.StatusCode, ex.ErrorCode, ex.ServerMessage, ex.OpId, ex);
                }
            }
            finally
            {
                _login.Release();
            }
        }

        /// <summary>DELETE /session. The credential and the session id are forgotten whatever the server says.</summary>
        internal async Task LogoutAsync(CancellationToken cancellationToken)
        {
            // No login from here on: a call that meets an expired session while this DELETE is under way must not
            // open a new session that nothing would close. A login already under way finishes first, so that the
            // session it opens is the one this DELETE closes.
            await _login.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                _credential = null;
            }
            finally
            {
                _login.Release();
            }

            try
            {
                await SendAsync(HttpMethod.Delete, "/session", null, idempotent: false, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _sessionId = null;
            }
        }

        /// <summary>
        /// DELETE /session on a best-effort basis, with a short time limit of its own (never a cancelled token), for a
        /// session nobody could reach any more. It never throws: a session left open expires on the server.
        /// </summary>
        internal async Task LogoutQuietlyAsync()
        {
            try
            {
                using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
                {
                    await LogoutAsync(cts.Token).ConfigureAwait(false);
                }
            }
            catch (Exception)
            {
                // The session could not be closed; it expires on the server.
            }
        }

        // ---- API calls -----------------------------------------------------------------------------------------

        internal async Task<SrmInfo?> GetServerInfoAsync(CancellationToken cancellationToken)
        {
            var body = await SendAsync(HttpMethod.Get, "/server/info", null, idempotent: true, cancellationToken).ConfigureAwait(false);
            var info = Parse<SrmInfo>(body, "GET", "/server/info");
            // What the connection shows (name, version, vCenter Server) and what pairing needs (the vCenter GUID to
            // refuse pairing a site with itself, the vCenter name as a remote connection's PSC address).
            var missing = new[]
            {
                new KeyValuePair<string, string?>("name", info?.Name),
                new KeyValuePair<string, string?>("version", info?.Version),
                new KeyValuePair<string, string?>("vc_guid", info?.VcGuid),
                new KeyValuePair<string, string?>("vc_name", info?.VcName),
            }.Where(field => string.IsNullOrWhiteSpace(field.Value)).Select(field => field.Key).ToList();
            if (missing.Count > 0)
            {
                throw new SrmApiException(SrmErrorKind.InvalidResponse, "GET", "/server/info",
                    $"GET /server/info on {_serverLabel} answered without {string.Join(", ", missing)}, which the connection needs; it is not an SRM server this module can use.");
            }

            return info;
        }

        /// <summary>
        /// GET /pairings, every page, the self entry included. Paging is followed only while it makes progress: a page
        /// that adds no pairing_id not already seen (a server that ignores offset), more than
        /// <see cref="MaxListPages"/> pages or more than <see cref="MaxListItems"/> pairings (a server that claims a
        /// huge _meta.total) is an <see cref="SrmErrorKind.InvalidResponse"/> error, not a partial list: the list
        /// decides whether a site is already paired, so it is complete or not given.
        /// </summary>
        internal async Task<IReadOnlyList<SrmPairing>> GetPairingsAsync(CancellationToken cancellationToken)
        {
            var result = new List<SrmPairing>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            const int pageSize = 100;
            for (int offset = 0, pages = 1; ; pages++)
            {
                var path = "/pairings?limit=" + pageSize + "&offset=" + offset;
                var body = await SendAsync(HttpMethod.Get, path, null, idempotent: true, cancellationToken).ConfigureAwait(false);
                var page = Parse<PairingList>(body, "GET", "/pairings");
                var items = (page?.List ?? new List<PairingData>()).Where(p => p != null).ToList();
                var added = 0;
                foreach (var item in items)
                {
                    RequireUsableId(item.PairingId, "pairing", "pairing_id", "GET", "/pairings");
                    if (seen.Add(item.PairingId))
                    {
                        result.Add(WireMapper.ToPairing(item, Owner));
                        added++;
                    }
                }

                // The server may page in smaller steps than asked: _meta.total, when given, says whether more follow.
                var total = page?.Meta?.Total;
                var more = total.HasValue ? offset + items.Count < total.Value : items.Count >= pageSize;
                if (items.Count == 0 || !more)
                {
                    return result;
                }

                if (added == 0)
                {
                    throw UnfollowablePaging($"the page at offset {offset} adds no pairing not already listed (is offset ignored?)");
                }

                if (pages >= MaxListPages || result.Count >= MaxListItems)
                {
                    throw UnfollowablePaging($"it goes on past {MaxListPages} pages or {MaxListItems} pairings (the most this module reads)");
                }

                offset += items.Count;
            }
        }

        private SrmApiException UnfollowablePaging(string why)
        {
            return new SrmApiException(SrmErrorKind.InvalidResponse, "GET", "/pairings",
                $"GET /pairings on {_serverLabel}: the server's paging cannot be followed: {why}. No pairings were listed.");
        }

        /// <summary>
        /// An id from a server's answer that the module may later put into a path: one that cannot address exactly
        /// that resource is an <see cref="SrmErrorKind.InvalidResponse"/>, before anything else is sent.
        /// </summary>
        private void RequireUsableId([NotNull] string? id, string what, string field, string method, string path)
        {
            var why = SrmIds.WhyNotSegment(id);
            if (why != null || id == null)
            {
                throw new SrmApiException(SrmErrorKind.InvalidResponse, method, path,
                    $"{method} {path} on {_serverLabel} returned a {what} whose {field} {SrmText.Quote(id)} cannot be used: {why}.");
            }
        }

        /// <summary>POST /pairings. Never repeated automatically: a repeat could pair twice.</summary>
        internal async Task<SrmTask> CreatePairingAsync(PairingSpec spec, CancellationToken cancellationToken)
        {
            var body = await SendAsync(HttpMethod.Post, "/pairings", spec.ToJsonBytes, idempotent: false, cancellationToken).ConfigureAwait(false);
            return ToTask(Parse<TaskData>(body, "POST", "/pairings"), "POST", "/pairings");
        }

        internal async Task<SrmTask> GetTaskAsync(string taskId, CancellationToken cancellationToken)
        {
            var path = "/tasks/" + SrmIds.Segment(taskId, "task id", "/tasks/{id}");
            var body = await SendAsync(HttpMethod.Get, path, null, idempotent: true, cancellationToken).ConfigureAwait(false);
            return ToTask(Parse<TaskData>(body, "GET", path), "GET", path);
        }

        /// <summary>GET /tasks: the server's recent tasks.</summary>
        internal async Task<IReadOnlyList<SrmTask>> GetRecentTasksAsync(CancellationToken cancellationToken)
        {
            var body = await SendAsync(HttpMethod.Get, "/tasks", null, idempotent: true, cancellationToken).ConfigureAwait(false);
            return ToTasks(body, "/tasks");
        }

        /// <summary>
        /// GET /tasks?filter_property=id&amp;filter=a&amp;filter=b...: several tasks in one request. Long id lists are
        /// split so that no request target grows past <see cref="MaxRequestTargetLength"/>. Tasks the server leaves out
        /// are simply absent.
        /// </summary>
        internal async Task<IReadOnlyList<SrmTask>> GetTasksByIdAsync(IReadOnlyList<string> taskIds, CancellationToken cancellationToken)
        {
            var result = new List<SrmTask>(taskIds.Count);
            // What the ids may take: the limit less the base path, the fixed part of the query and "&limit=<n>".
            var budget = MaxRequestTargetLength - _basePath.Length - "/tasks?filter_property=id".Length - "&limit=".Length -
                         taskIds.Count.ToString(CultureInfo.InvariantCulture).Length;
            foreach (var batch in BatchByUrlLength(taskIds, budget))
            {
                var query = new StringBuilder("/tasks?filter_property=id");
                foreach (var id in batch)
                {
                    query.Append("&filter=").Append(Uri.EscapeDataString(id));
                }

                query.Append("&limit=").Append(batch.Count.ToString(CultureInfo.InvariantCulture));
                var body = await SendAsync(HttpMethod.Get, query.ToString(), null, idempotent: true, cancellationToken).ConfigureAwait(false);
                result.AddRange(ToTasks(body, "/tasks"));
            }

            return result;
        }

        private static IEnumerable<List<string>> BatchByUrlLength(IReadOnlyList<string> ids, int maxLength)
        {
            var batch = new List<string>();
            var length = 0;
            foreach (var id in ids)
            {
                var cost = 8 + Uri.EscapeDataString(id).Length;
                if (batch.Count > 0 && length + cost > maxLength)
                {
                    yield return batch;
                    batch = new List<string>();
                    length = 0;
                }

                batch.Add(id);
                length += cost;
            }

            if (batch.Count > 0)
            {
                yield return batch;
            }
        }

        private IReadOnlyList<SrmTask> ToTasks(string body, string path)
        {
            var list = Parse<TaskList>(body, "GET", path);
            return (list?.List ?? new List<TaskData>()).Where(t => t != null).Select(t => ToTask(t, "GET", path)).ToList();
        }

        private SrmTask ToTask(TaskData? data, string method, string path)
        {
            if (data == null || string.IsNullOrEmpty(data.Id))
            {
                throw new SrmApiException(SrmErrorKind.InvalidResponse, method, path,
                    $"{method} {path} on {_serverLabel} returned a task without an id.");
            }

            RequireUsableId(data.Id, "task", "id", method, path);

            return WireMapper.ToTask(data, Owner);
        }

        // ---- the request core ----------------------------------------------------------------------------------

        /// <summary>
        /// Sends one request (repeating an idempotent one after a transient failure) and returns the response body
        /// of a 2xx answer. Anything else becomes an <see cref="SrmApiException"/>.
        /// </summary>
        internal async Task<string> SendAsync(HttpMethod method, string pathAndQuery, Func<byte[]>? body, bool idempotent,
            CancellationToken cancellationToken, Action<HttpRequestMessage>? configure = null, bool useSession = true)
        {
            var path = StripQuery(pathAndQuery);
            var attempts = idempotent ? Math.Max(0, _options.MaximumRetryCount) + 1 : 1;
            var renewed = false;
            for (var attempt = 1; ; attempt++)
            {
                var session = _sessionId;
                try
                {
                    return await SendOnceAsync(method, pathAndQuery, path, body, configure, useSession, cancellationToken).ConfigureAwait(false);
                }
                catch (SrmApiException ex) when (ex.StatusCode == 401 && useSession && !renewed && session != null && _credential != null &&
                                                 !IsLogout(method, path) && !IsRemoteSessionCall(method, path))
                {
                    // A 401 means the server refused the request without acting on it, so repeating it once after
                    // a new login is safe, even for a POST. (A logout refused with 401 has nothing left to close.)
                    renewed = true;
                    attempt--;
                    await RenewSessionAsync(session, method.Method, path, cancellationToken).ConfigureAwait(false);
                }
                catch (SrmApiException ex) when (ex.IsTransient && attempt < attempts)
                {
                    var delay = RetryDelay(attempt, ex);
                    Trace($"{method.Method} {path}: {ShortReason(ex)}; retrying in {delay.TotalSeconds:0.#} s (attempt {attempt + 1} of {attempts}).");
                    await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        private async Task<string> SendOnceAsync(HttpMethod method, string pathAndQuery, string path, Func<byte[]>? body,
            Action<HttpRequestMessage>? configure, bool useSession, CancellationToken cancellationToken)
        {
            if (useSession && _sessionId == null)
            {
                throw new SrmApiException(SrmErrorKind.Unauthorized, method.Method, path,
                    $"The connection to {_serverLabel} is closed. Connect again with Connect-SrmServer.");
            }

            await _limiter.WaitAsync(
                wait => Trace($"Waiting {wait.TotalSeconds:0.#} s to stay within {_limiter.MaxRequestsPerMinute} requests a minute."),
                cancellationToken).ConfigureAwait(false);

            byte[]? content = null;
            using (var request = new HttpRequestMessage(method, _baseUrl + pathAndQuery))
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                if (useSession)
                {
                    request.Headers.TryAddWithoutValidation(SessionHeader, _sessionId);
                }

                configure?.Invoke(request);
                timeout.CancelAfter(_options.RequestTimeout);
                var watch = Stopwatch.StartNew();
                try
                {
                    if (body != null)
                    {
                        content = body();
                        request.Content = new ByteArrayContent(content);
                        request.Content.Headers.ContentType = JsonMediaType;
                    }

                    using (var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false))
                    {
                        var status = (int)response.StatusCode;
                        var success = status >= 200 && status < 300;
                        var text = await ReadBodyAsync(response, method.Method, path, success, timeout.Token).ConfigureAwait(false);
                        if (success)
                        {
                            if (TraceEnabled)
                            {
                                Trace($"{method.Method} {path} -> {status} {response.ReasonPhrase} in {watch.ElapsedMilliseconds} ms");
                            }

                            return text;
                        }

                        var error = ToApiException(method.Method, path, response, text);
                        Trace($"{method.Method} {path} -> {status} {response.ReasonPhrase} in {watch.ElapsedMilliseconds} ms" +
                                       (error.OpId != null ? " (op_id " + error.OpId + ")" : string.Empty));
                        throw error;
                    }
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    Trace($"{method.Method} {path} -> no answer within {_options.RequestTimeout.TotalSeconds:0.#} s");
                    throw new SrmApiException(SrmErrorKind.Timeout, method.Method, path,
                        $"{method.Method} {path} on {_serverLabel} got no answer within {_options.RequestTimeout.TotalSeconds:0.#} s." + MaybeReached(method.Method));
                }
                catch (HttpRequestException ex)
                {
                    var refused = _certificates.LastRefused;
                    if (refused != null && IsTlsFailure(ex))
                    {
                        Trace($"{method.Method} {path} -> TLS certificate refused");
                        throw new SrmApiException(SrmErrorKind.CertificateNotTrusted, method.Method, path, refused.Describe(_serverLabel), innerException: ex);
                    }

                    Trace($"{method.Method} {path} -> connection failed after {watch.ElapsedMilliseconds} ms");
                    throw new SrmApiException(SrmErrorKind.ConnectionFailed, method.Method, path,
                        $"Could not reach {_serverLabel} ({method.Method} {path}): {DescribeConnectionFailure(ex, method.Method)}", innerException: ex);
                }
                finally
                {
                    if (content != null)
                    {
                        Array.Clear(content, 0, content.Length);
                    }
                }
            }
        }

        private static string MaybeReached(string method)
        {
            return method == "GET" ? string.Empty : " The request may or may not have reached the server.";
        }

        /// <summary>
        /// Why a connection failed, in whole sentences. A name that does not resolve and a refused connection mean
        /// nothing was sent; only a failure after that (a reset, a closed connection) may have lost a request the
        /// server got.
        /// </summary>
        private string DescribeConnectionFailure(HttpRequestException exception, string method)
        {
            for (Exception e = exception; e != null; e = e.InnerException)
            {
                if (e is SocketException socket)
                {
                    switch (socket.SocketErrorCode)
                    {
                        case SocketError.HostNotFound:
                        case SocketError.NoData:
                        case SocketError.TryAgain:
                            return $"The name {_host} could not be resolved. Nothing was sent.";
                        case SocketError.ConnectionRefused:
                            return SrmText.EndSentence(socket.Message) + " Nothing was sent.";
                    }
                }
            }

            return SrmText.EndSentence(Innermost(exception).Message) + MaybeReached(method);
        }

        private SrmApiException ToApiException(string method, string path, HttpResponseMessage response, string text)
        {
            var status = (int)response.StatusCode;
            ResponseError? error = null;
            if (!string.IsNullOrWhiteSpace(text))
            {
                try
                {
                    error = SrmJson.Deserialize<ResponseError>(text);
                }
                catch (JsonException)
                {
                    // An HTML error page or other non-JSON body: the status says enough.
                }
            }

            // The spec gives POST /session only 400 for a refused login; appliances answer 401. Both are a wrong credential.
            var refusedLogin = (status == 400 || status == 401) && path == "/session" && method == "POST";
            var kind = refusedLogin ? SrmErrorKind.Unauthorized : KindOf(status);
            var what = refusedLogin
                ? $"Login to {_serverLabel} failed" + (status == 400 ? " (400 Bad Request)" : string.Empty) + ": the user name or password is incorrect."
                : status == 401
                    ? $"{method} {path} on {_serverLabel} was refused: the session is not valid (it expired or was closed). Connect again with Connect-SrmServer."
                    : $"{method} {path} on {_serverLabel} failed with {status} {response.ReasonPhrase}.";
            var message = new StringBuilder(what);
            var serverMessage = error?.Message;
            if (!SrmText.IsBlank(serverMessage))
            {
                message.Append(' ').Append(serverMessage.Trim());
                if (!serverMessage.TrimEnd().EndsWith(".", StringComparison.Ordinal))
                {
                    message.Append('.');
                }
            }

            var ids = new List<string>();
            var errorCode = error?.ErrorCode;
            if (!string.IsNullOrEmpty(errorCode))
            {
                ids.Add("error_code " + errorCode);
            }

            var opId = error?.OpId;
            if (!string.IsNullOrEmpty(opId))
            {
                ids.Add("op_id " + opId);
            }

            if (ids.Count > 0)
            {
                message.Append(" (").Append(string.Join(", ", ids)).Append(')');
            }

            var retryAfter = RetryAfter(response);
            var exception = new SrmApiException(kind, method, path, message.ToString(), status, errorCode, serverMessage, opId);
            if (retryAfter.HasValue)
            {
                exception.Data["RetryAfter"] = retryAfter.Value;
            }

            return exception;
        }

        private static SrmErrorKind KindOf(int status)
        {
            switch (status)
            {
                case 400: return SrmErrorKind.BadRequest;
                case 401: return SrmErrorKind.Unauthorized;
                case 403: return SrmErrorKind.Forbidden;
                case 404: return SrmErrorKind.NotFound;
                case 408: return SrmErrorKind.Timeout; // the server's own request timeout: transient, like the client's
                case 429: return SrmErrorKind.RateLimited;
                default: return status >= 500 ? SrmErrorKind.ServerError : SrmErrorKind.UnexpectedStatus;
            }
        }

        private static TimeSpan? RetryAfter(HttpResponseMessage response)
        {
            var header = response.Headers.RetryAfter;
            if (header?.Delta != null)
            {
                return header.Delta.Value;
            }

            if (header?.Date != null)
            {
                var wait = header.Date.Value - DateTimeOffset.UtcNow;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }

            return null;
        }

        private TimeSpan RetryDelay(int attempt, SrmApiException failure)
        {
            if (failure.Data["RetryAfter"] is TimeSpan retryAfter)
            {
                return retryAfter > _options.MaximumRetryDelay ? _options.MaximumRetryDelay : retryAfter;
            }

            if (failure.Kind == SrmErrorKind.RateLimited)
            {
                // Without Retry-After the only safe wait is the appliance's whole window (60 s), within the bound.
                return _options.MaximumRetryDelay < RateLimitWindow ? _options.MaximumRetryDelay : RateLimitWindow;
            }

            double jitter;
            lock (_jitter)
            {
                jitter = 0.8 + (_jitter.NextDouble() * 0.4);
            }

            var delay = TimeSpan.FromMilliseconds(_options.RetryInterval.TotalMilliseconds * Math.Pow(2, attempt - 1) * jitter);
            return delay > _options.MaximumRetryDelay ? _options.MaximumRetryDelay : delay;
        }

        private static string ShortReason(SrmApiException ex)
        {
            if (ex.StatusCode.HasValue)
            {
                return "HTTP " + ex.StatusCode.Value;
            }

            return ex.Kind == SrmErrorKind.Timeout ? "timed out" : "connection failed";
        }

        private static bool IsTlsFailure(Exception ex)
        {
            for (var e = ex; e != null; e = e.InnerException)
            {
                if (e is AuthenticationException)
                {
                    return true;
                }
            }

            return false;
        }

        private static Exception Innermost(Exception ex)
        {
            while (ex.InnerException != null)
            {
                ex = ex.InnerException;
            }

            return ex;
        }

        private static bool IsLogout(HttpMethod method, string path) => method == HttpMethod.Delete && path == "/session";

        private static string StripQuery(string pathAndQuery)
        {
            var query = pathAndQuery.IndexOf('?');
            return query < 0 ? pathAndQuery : pathAndQuery.Substring(0, query);
        }

        private T? Parse<T>(string body, string method, string path) where T : class
        {
            if (string.IsNullOrWhiteSpace(body))
            {
                // Read as JSON it would be null: no server info, or an empty list that looks like a real answer.
                throw new SrmApiException(SrmErrorKind.InvalidResponse, method, path,
                    $"{method} {path} on {_serverLabel} answered with an empty body where the API describes JSON.");
            }

            try
            {
                return SrmJson.Deserialize<T>(body);
            }
            catch (JsonException ex)
            {
                throw new SrmApiException(SrmErrorKind.InvalidResponse, method, path,
                    $"{method} {path} on {_serverLabel} answered with a body that is not the JSON the API describes: {SrmText.EndSentence(SrmJson.Describe(ex))}",
                    innerException: ex);
            }
        }

        public void Dispose()
        {
            _sessionId = null;
            _credential = null;
            _http.Dispose();
        }
    }
}
