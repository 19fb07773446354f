using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using Srm.Client.Http;

namespace Srm.Client.Tests
{
    /// <summary>
    /// The client's own HTTP handler against a server that means harm: redirects elsewhere, bottomless JSON,
    /// headers that never end, bodies that never end. Each must end in a specific <see cref="SrmApiException"/>,
    /// send nothing anywhere else, and never hang or crash.
    /// </summary>
    public class HostileServerTests : IDisposable
    {
        private const string ApiPath = "/api/rest/srm/v2";

        /// <summary>Far more than any call here may take; a call still running then counts as hung.</summary>
        private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(30);

        private readonly X509Certificate2 _certificate = TestCertificates.Create("CN=srm-hostile.test");

        public void Dispose() => _certificate.Dispose();

        private SrmClient NewClient(ScriptedTlsServer server, TimeSpan requestTimeout) =>
            new SrmClient(SrmEndpoint.Parse("127.0.0.1:" + server.Port), new SrmClientOptions
            {
                CertificateThumbprint = Thumbprint.Sha256(_certificate),
                MaxRequestsPerMinute = 0,
                MaximumRetryCount = 0,
                RequestTimeout = requestTimeout,
            });

        private static bool IsLogin(string head) => head.StartsWith("POST " + ApiPath + "/session ", StringComparison.Ordinal);

        private static Task AnswerLogin(Stream stream, CancellationToken token) =>
            ScriptedTlsServer.WriteJsonAsync(stream, "200 OK", "{\"session_id\":\"" + TestData.SessionId + "\"}", token);

        /// <summary>
        /// Starts <paramref name="call"/> on a thread of its own (as a cmdlet's pipeline thread makes it: the client then
        /// sends synchronously) or on the thread pool (asynchronously); gives the task it returned.
        /// </summary>
        private static async Task<Task> Start(bool onOwnThread, Func<Task> call)
        {
            if (!onOwnThread)
            {
                return Task.Run(call);
            }

            // A synchronous call returns only when it is over: one that hangs fails the test here.
            return await OwnThread.Start(call, SafetyNet + TimeSpan.FromSeconds(15));
        }

        // ---- redirects -----------------------------------------------------------------------------------------

        [Theory]
        [InlineData("301 Moved Permanently")]
        [InlineData("302 Found")]
        [InlineData("303 See Other")]
        [InlineData("307 Temporary Redirect")]
        [InlineData("308 Permanent Redirect")]
        public async Task A_redirect_is_not_followed_but_an_unexpected_status_and_its_target_receives_nothing(string status)
        {
            using var target = new ScriptedTlsServer(_certificate, (_, stream, token) =>
                ScriptedTlsServer.WriteJsonAsync(stream, "200 OK", "{}", token));
            var location = "https://127.0.0.1:" + target.Port + ApiPath + "/server/info";
            using var server = new ScriptedTlsServer(_certificate, (head, stream, token) => IsLogin(head)
                ? AnswerLogin(stream, token)
                : ScriptedTlsServer.WriteJsonAsync(stream, status, "", token, "Location: " + location + "\r\n"));
            using var client = NewClient(server, TimeSpan.FromSeconds(10));
            await client.LoginAsync(TestData.Credential(), CancellationToken.None).WaitAsync(SafetyNet);

            var error = await Assert.ThrowsAsync<SrmApiException>(() => client.GetServerInfoAsync(CancellationToken.None).WaitAsync(SafetyNet));

            Assert.Equal(SrmErrorKind.UnexpectedStatus, error.Kind);
            Assert.Equal(int.Parse(status.Substring(0, 3)), error.StatusCode);
            Assert.Contains("failed with " + status, error.Message);
            // The redirected request carried the session: had it been followed, the target would have got it too.
            Assert.Contains("x-dr-session: " + TestData.SessionId, server.Heads.Last(), StringComparison.OrdinalIgnoreCase);
            Assert.Equal(0, target.Connections);
        }

        [Theory]
        [InlineData("302 Found")]
        [InlineData("307 Temporary Redirect")]
        [InlineData("308 Permanent Redirect")]
        public async Task A_redirected_login_is_not_followed_but_an_unexpected_status_and_its_target_receives_nothing(string status)
        {
            using var target = new ScriptedTlsServer(_certificate, (_, stream, token) => AnswerLogin(stream, token));
            var location = "https://127.0.0.1:" + target.Port + ApiPath + "/session";
            using var server = new ScriptedTlsServer(_certificate, (_, stream, token) =>
                ScriptedTlsServer.WriteJsonAsync(stream, status, "", token, "Location: " + location + "\r\n"));
            using var client = NewClient(server, TimeSpan.FromSeconds(10));

            var error = await Assert.ThrowsAsync<SrmApiException>(() => client.LoginAsync(TestData.Credential(), CancellationToken.None).WaitAsync(SafetyNet));

            Assert.Equal(SrmErrorKind.UnexpectedStatus, error.Kind);
            Assert.Equal(int.Parse(status.Substring(0, 3)), error.StatusCode);
            Assert.False(client.HasSession);
            Assert.Contains("Authorization: Basic ", server.Heads.Single());
            Assert.Equal(0, target.Connections);
        }

        // ---- bottomless JSON -----------------------------------------------------------------------------------

        private static string Nested(string open, string close, int depth) =>
            string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth));

        [Fact]
        public async Task A_login_answer_nested_ten_thousand_deep_is_an_invalid_response()
        {
            var body = "{\"session_id\":\"" + TestData.SessionId + "\",\"extra\":" + Nested("{\"a\":", "}", 10_000) + "}";
            using var server = new ScriptedTlsServer(_certificate, (_, stream, token) => ScriptedTlsServer.WriteJsonAsync(stream, "200 OK", body, token));
            using var client = NewClient(server, TimeSpan.FromSeconds(10));

            var error = await Assert.ThrowsAsync<SrmApiException>(() => client.LoginAsync(TestData.Credential(), CancellationToken.None).WaitAsync(SafetyNet));

            Assert.Equal(SrmErrorKind.InvalidResponse, error.Kind);
            Assert.Contains("not the JSON", error.Message);
            Assert.False(client.HasSession);
        }

        [Theory]
        [InlineData("[", "]")]
        [InlineData("{\"a\":", "}")]
        public async Task A_task_result_nested_ten_thousand_deep_is_an_invalid_response(string open, string close)
        {
            var task = "{\"id\":\"t-1\",\"status\":\"SUCCESS\",\"progress\":100,\"result\":" + Nested(open, close, 10_000) + "}";
            using var server = new ScriptedTlsServer(_certificate, (head, stream, token) => IsLogin(head)
                ? AnswerLogin(stream, token)
                : ScriptedTlsServer.WriteJsonAsync(stream, "200 OK", task, token));
            using var client = NewClient(server, TimeSpan.FromSeconds(10));
            await client.LoginAsync(TestData.Credential(), CancellationToken.None).WaitAsync(SafetyNet);

            var error = await Assert.ThrowsAsync<SrmApiException>(() => client.GetTaskAsync("t-1", CancellationToken.None).WaitAsync(SafetyNet));

            Assert.Equal(SrmErrorKind.InvalidResponse, error.Kind);
            Assert.Contains("not the JSON", error.Message);
        }

        // ---- answers that never end ----------------------------------------------------------------------------

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task Headers_trickled_a_byte_at_a_time_end_at_the_request_timeout(bool onOwnThread)
        {
            using var server = new ScriptedTlsServer(_certificate, async (_, stream, token) =>
            {
                var head = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nX-Trickle: ");
                for (var i = 0; ; i++)
                {
                    await ScriptedTlsServer.WriteAsync(stream, new[] { i < head.Length ? head[i] : (byte)'a' }, token);
                    await Task.Delay(200, token);
                }
            });
            using var client = NewClient(server, TimeSpan.FromSeconds(2));
            using var safetyNet = new CancellationTokenSource(SafetyNet);

            var call = await Start(onOwnThread, () => client.LoginAsync(TestData.Credential(), safetyNet.Token));

            // A cancellation by the safety net would be an OperationCanceledException, not an SrmApiException.
            var error = await Assert.ThrowsAsync<SrmApiException>(() => call.WaitAsync(SafetyNet + TimeSpan.FromSeconds(15)));
            Assert.Equal(SrmErrorKind.Timeout, error.Kind);
            Assert.Contains("no answer within 2 s", error.Message);
            Assert.False(client.HasSession);
        }

        /// <summary>How an endless body is framed.</summary>
        public enum Framing
        {
            /// <summary>A Content-Length of a gigabyte, never reached.</summary>
            ContentLength,

            /// <summary>Chunked, with chunks forever.</summary>
            Chunked,

            /// <summary>Neither: the body ends when the connection closes, which it never does.</summary>
            UntilClose,
        }

        [Theory]
        [InlineData(Framing.ContentLength, false)]
        [InlineData(Framing.ContentLength, true)]
        [InlineData(Framing.Chunked, false)]
        [InlineData(Framing.Chunked, true)]
        [InlineData(Framing.UntilClose, false)]
        [InlineData(Framing.UntilClose, true)]
        public async Task An_endless_body_ends_at_the_request_timeout_or_the_size_limit(Framing framing, bool onOwnThread)
        {
            using var server = new ScriptedTlsServer(_certificate, async (_, stream, token) =>
            {
                var framingHeader = framing switch
                {
                    Framing.ContentLength => "Content-Length: 1000000000\r\n",
                    Framing.Chunked => "Transfer-Encoding: chunked\r\n",
                    _ => "Connection: close\r\n",
                };
                await ScriptedTlsServer.WriteAsync(stream, Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" + framingHeader + "\r\n"), token);
                var data = Encoding.ASCII.GetBytes("{\"session_id\":\"" + new string('a', 64 * 1024));
                var chunk = framing == Framing.Chunked
                    ? Encoding.ASCII.GetBytes(data.Length.ToString("x") + "\r\n").Concat(data).Concat(Encoding.ASCII.GetBytes("\r\n")).ToArray()
                    : data;
                while (true)
                {
                    await ScriptedTlsServer.WriteAsync(stream, chunk, token);
                    await Task.Delay(50, token);
                }
            });
            using var client = NewClient(server, TimeSpan.FromSeconds(2));
            using var safetyNet = new CancellationTokenSource(SafetyNet);

            var call = await Start(onOwnThread, () => client.LoginAsync(TestData.Credential(), safetyNet.Token));

            // A cancellation by the safety net would be an OperationCanceledException, not an SrmApiException.
            var error = await Assert.ThrowsAsync<SrmApiException>(() => call.WaitAsync(SafetyNet + TimeSpan.FromSeconds(15)));
            Assert.True(
                error.Kind == SrmErrorKind.Timeout ||
                (error.Kind == SrmErrorKind.InvalidResponse && Regex.IsMatch(error.Message, "limit|size|too large|bytes", RegexOptions.IgnoreCase)),
                $"{error.Kind}: {error.Message}");
            Assert.False(client.HasSession);
        }
    }
}
