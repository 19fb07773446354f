using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Text;

namespace Srm.Client.Tests
{
    /// <summary>One request as the fake server saw it.</summary>
    internal sealed class RecordedRequest
    {
        public required HttpMethod Method { get; init; }

        public required Uri Uri { get; init; }

        /// <summary>The path and query after the API base path, e.g. "/tasks?filter_property=id&amp;filter=a".</summary>
        public required string ApiPathAndQuery { get; init; }

        /// <summary>The API path without the query, e.g. "/tasks".</summary>
        public string ApiPath => ApiPathAndQuery.Split('?')[0];

        public required IReadOnlyDictionary<string, string> Headers { get; init; }

        public required IReadOnlyDictionary<string, string> ContentHeaders { get; init; }

        /// <summary>The body as text, or null when the request had no content.</summary>
        public string? Body { get; init; }

        public long? ContentLength { get; init; }

        /// <summary>Milliseconds since the handler was created.</summary>
        public long AtMilliseconds { get; init; }

        public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

        public override string ToString() => Method + " " + ApiPathAndQuery;
    }

    /// <summary>
    /// An HttpMessageHandler standing in for an SRM server: it records every request and answers from a queue of
    /// responses, or (when the queue is empty) from <see cref="Responder"/>.
    /// </summary>
    internal sealed class FakeSrmHandler : HttpMessageHandler
    {
        public const string BasePath = "/api/rest/srm/v2";

        private readonly object _lock = new object();
        private readonly List<RecordedRequest> _requests = new List<RecordedRequest>();
        private readonly Queue<Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>>> _queue =
            new Queue<Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>>>();
        private readonly Stopwatch _clock = Stopwatch.StartNew();

        /// <summary>Answers requests when the queue is empty. Without it an unexpected request fails the test.</summary>
        public Func<RecordedRequest, HttpResponseMessage>? Responder { get; set; }

        /// <summary>
        /// Called with each request once it is recorded, before it is answered: a test starts its clock or cancels
        /// from here, so that what it asserts does not depend on how fast a busy machine gets to the request.
        /// </summary>
        public Action<RecordedRequest>? Received { get; set; }

        public IReadOnlyList<RecordedRequest> Requests
        {
            get
            {
                lock (_lock)
                {
                    return _requests.ToList();
                }
            }
        }

        public FakeSrmHandler Enqueue(HttpStatusCode status, string? body = null, Action<HttpResponseMessage>? configure = null)
        {
            return Enqueue(_ => Response(status, body, configure));
        }

        public FakeSrmHandler Enqueue(Func<RecordedRequest, HttpResponseMessage> respond)
        {
            return EnqueueAsync((request, _) => Task.FromResult(respond(request)));
        }

        public FakeSrmHandler EnqueueAsync(Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>> respond)
        {
            lock (_lock)
            {
                _queue.Enqueue(respond);
            }

            return this;
        }

        /// <summary>The next request fails as if the connection had been refused or dropped.</summary>
        public FakeSrmHandler EnqueueConnectionFailure(string message = "Connection refused (srm.test:443)")
        {
            return Enqueue(_ => throw new HttpRequestException(message, new IOException("The socket was closed.")));
        }

        /// <summary>The answer to POST /session.</summary>
        public FakeSrmHandler EnqueueLogin(string sessionId = TestData.SessionId)
        {
            return Enqueue(HttpStatusCode.OK, "{\"session_id\":\"" + sessionId + "\"}");
        }

        public static HttpResponseMessage Response(HttpStatusCode status, string? body = null, Action<HttpResponseMessage>? configure = null)
        {
            var response = new HttpResponseMessage(status);
            if (body != null)
            {
                response.Content = new StringContent(body, Encoding.UTF8, body.TrimStart().StartsWith("<", StringComparison.Ordinal) ? "text/html" : "application/json");
            }

            configure?.Invoke(response);
            return response;
        }

        public static HttpResponseMessage Json(string body) => Response(HttpStatusCode.OK, body);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var headers = request.Headers.ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
            var contentHeaders = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            string? body = null;
            long? length = null;
            if (request.Content != null)
            {
                foreach (var header in request.Content.Headers)
                {
                    contentHeaders[header.Key] = string.Join(", ", header.Value);
                }

                length = request.Content.Headers.ContentLength;
                body = await request.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            }

            var uri = request.RequestUri ?? throw new InvalidOperationException("A request without a URI.");
            var pathAndQuery = uri.PathAndQuery;
            Assert.StartsWith(BasePath, pathAndQuery, StringComparison.Ordinal);
            var recorded = new RecordedRequest
            {
                Method = request.Method,
                Uri = uri,
                ApiPathAndQuery = pathAndQuery.Substring(BasePath.Length),
                Headers = headers,
                ContentHeaders = contentHeaders,
                Body = body,
                ContentLength = length,
                AtMilliseconds = _clock.ElapsedMilliseconds,
            };

            Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>>? next = null;
            lock (_lock)
            {
                _requests.Add(recorded);
                if (_queue.Count > 0)
                {
                    next = _queue.Dequeue();
                }
            }

            Received?.Invoke(recorded);

            if (next != null)
            {
                return await next(recorded, cancellationToken).ConfigureAwait(false);
            }

            if (Responder != null)
            {
                return Responder(recorded);
            }

            throw new InvalidOperationException("The fake SRM server got an unexpected request: " + recorded);
        }
    }
}
