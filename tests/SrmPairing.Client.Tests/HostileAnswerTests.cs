using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using Srm.Client.Http;
using Srm.Client.Models;

namespace Srm.Client.Tests
{
    /// <summary>
    /// Answers a hostile or simply different server may give: values that cannot go back into a path or header,
    /// paging that does not progress, bodies that are too large or lack what the module needs, JSON that is not what
    /// the API describes. Each is refused with a plain message, and nothing more is sent.
    /// </summary>
    public class HostileAnswerTests
    {
        private static string PairingJson(string id) =>
            "{\"pairing_id\":" + Newtonsoft.Json.JsonConvert.ToString(id) + ",\"remote_vc_server\":{\"id\":\"vc-" + id.Length + "\",\"name\":\"vc\"}}";

        private static string PairingPage(IEnumerable<string> ids, long? total) =>
            "{\"list\":[" + string.Join(",", ids.Select(PairingJson)) + "]" + (total.HasValue ? ",\"_meta\":{\"total\":" + total + "}" : string.Empty) + "}";

        // ---- ids from the server -----------------------------------------------------------------------------------

        [Theory]
        [InlineData("abc\r\nX-Other: 1")]
        [InlineData("abc\n")]
        [InlineData("a\u0000b")]
        [InlineData("a b")]
        [InlineData("sess\u00e9")]
        public async Task A_session_id_that_cannot_go_into_a_header_is_refused(string sessionId)
        {
            var handler = new FakeSrmHandler().EnqueueLogin(sessionId.Replace("\\", "\\\\").Replace("\r", "\\r").Replace("\n", "\\n").Replace("\u0000", "\\u0000"));

            var ex = await Assert.ThrowsAsync<SrmApiException>(() =>
                SrmConnection.ConnectAsync(SrmEndpoint.Parse(TestData.Host), TestData.Credential(), TestData.FastOptions(), handler, CancellationToken.None));

            Assert.Equal(SrmErrorKind.InvalidResponse, ex.Kind);
            Assert.Contains("session_id", ex.Message);
            Assert.Single(handler.Requests);
        }

        [Theory]
        [InlineData("..")]
        [InlineData(".")]
        [InlineData("t1\r\nx")]
        [InlineData("")]
        public async Task A_task_id_from_the_server_that_cannot_address_the_task_is_refused(string id)
        {
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler);
            handler.Enqueue(HttpStatusCode.Accepted, "{\"id\":" + Newtonsoft.Json.JsonConvert.ToString(id) + ",\"status\":\"RUNNING\"}");

            var ex = await Assert.ThrowsAsync<SrmApiException>(() => client.CreatePairingAsync(TestData.Spec(), CancellationToken.None));

            Assert.Equal(SrmErrorKind.InvalidResponse, ex.Kind);
            Assert.Equal(2, handler.Requests.Count);
        }

        [Theory]
        [InlineData("..")]
        [InlineData("p1\nDELETE")]
        public async Task A_pairing_id_from_the_server_that_cannot_address_the_pairing_is_refused(string id)
        {
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler);
            handler.Enqueue(HttpStatusCode.OK, PairingPage(new[] { "p-good", id }, 2));

            var ex = await Assert.ThrowsAsync<SrmApiException>(() => client.GetPairingsAsync(CancellationToken.None));

            Assert.Equal(SrmErrorKind.InvalidResponse, ex.Kind);
            Assert.Contains("pairing_id", ex.Message);
        }

        // ---- ids from the user ---------------------------------------------------------------------------------------

        public static IEnumerable<object[]> UnusableIds() =>
            new[] { "", " ", ".", "..", "a\r\nb", "a\u0000b", "\t" }.Select(id => new object[] { id });

        [Theory]
        [MemberData(nameof(UnusableIds))]
        public async Task An_id_that_cannot_address_one_resource_is_refused_before_sending(string id)
        {
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler);
            var calls = new Func<Task>[]
            {
                () => client.GetPairingAsync(id, CancellationToken.None),
                () => client.DeletePairingAsync(id, CancellationToken.None),
                () => client.ReconnectPairingAsync(id, TestData.Spec(), CancellationToken.None),
                () => client.LoginRemoteSiteAsync(id, TestData.Credential(), CancellationToken.None),
                () => client.GetTaskAsync(id, CancellationToken.None),
            };

            foreach (var call in calls)
            {
                var ex = await Assert.ThrowsAsync<SrmApiException>(call);
                Assert.Equal(SrmErrorKind.InvalidId, ex.Kind);
                Assert.EndsWith(".", ex.Message);
                Assert.DoesNotContain("\n", ex.Message);
            }

            Assert.Single(handler.Requests);
        }

        // ---- paging ------------------------------------------------------------------------------------------------

        [Fact]
        public async Task Paging_that_ignores_the_offset_stops_at_the_first_page_that_adds_nothing()
        {
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler);
            var page = PairingPage(Enumerable.Range(1, 100).Select(i => "p" + i), 1000);
            // Bounded for the code this test guards against: an empty page after 20 requests ends any loop.
            handler.Responder = r => FakeSrmHandler.Json(handler.Requests.Count > 20 ? "{\"list\":[]}" : page);

            var ex = await Assert.ThrowsAsync<SrmApiException>(() => client.GetPairingsAsync(CancellationToken.None));

            Assert.Equal(SrmErrorKind.InvalidResponse, ex.Kind);
            Assert.Contains("offset 100", ex.Message);
            Assert.Equal(3, handler.Requests.Count);
        }

        [Fact]
        public async Task Paging_without_end_stops_at_the_page_limit()
        {
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler);
            var served = 0;
            handler.Responder = r =>
            {
                var n = Interlocked.Increment(ref served);
                return FakeSrmHandler.Json(n > SrmClient.MaxListPages + 50
                    ? "{\"list\":[]}"
                    : PairingPage(Enumerable.Range(0, 10).Select(i => "p" + n + "-" + i), 1_000_000_000));
            };

            var ex = await Assert.ThrowsAsync<SrmApiException>(() => client.GetPairingsAsync(CancellationToken.None));

            Assert.Equal(SrmErrorKind.InvalidResponse, ex.Kind);
            Assert.Contains(SrmClient.MaxListPages.ToString(), ex.Message);
            Assert.Equal(SrmClient.MaxListPages, served);
        }

        [Fact]
        public async Task Paging_in_small_steps_lists_every_pairing()
        {
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler);
            handler.Responder = r =>
            {
                var offset = int.Parse(r.ApiPathAndQuery.Split("offset=")[1]);
                return FakeSrmHandler.Json(PairingPage(Enumerable.Range(offset, Math.Min(3, 7 - offset)).Select(i => "p" + i), 7));
            };

            var pairings = await client.GetPairingsAsync(CancellationToken.None);

            Assert.Equal(7, pairings.Count);
            Assert.Equal(4, handler.Requests.Count);
        }

        // ---- sizes and required fields -----------------------------------------------------------------------------

        /// <summary>A body of <c>length</c> bytes whose length is not known in advance; counts what was read of it.</summary>
        private sealed class UnsizedBody : Stream
        {
            private readonly long _length;

            public UnsizedBody(long length) => _length = length;

            public long Served { get; private set; }

            public override bool CanRead => true;

            public override bool CanSeek => false;

            public override bool CanWrite => false;

            public override long Length => throw new NotSupportedException();

            public override long Position { get => Served; set => throw new NotSupportedException(); }

            public override int Read(byte[] buffer, int offset, int count)
            {
                var n = (int)Math.Min(count, _length - Served);
                for (var i = 0; i < n; i++)
                {
                    buffer[offset + i] = (byte)(Served + i == 0 ? '[' : ' ');
                }

                Served += n;
                return n;
            }

            public override void Flush()
            {
            }

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }

        [Fact]
        public async Task A_body_without_a_length_is_read_no_further_than_the_limit()
        {
            var handler = new FakeSrmHandler();
            var options = TestData.FastOptions();
            options.MaxResponseBodyBytes = 64 * 1024;
            using var client = await TestData.LoggedInClient(handler, options);
            var body = new UnsizedBody(16L * 1024 * 1024);
            handler.Enqueue(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(body) });

            var ex = await Assert.ThrowsAsync<SrmApiException>(() => client.GetServerInfoAsync(CancellationToken.None));

            Assert.Equal(SrmErrorKind.InvalidResponse, ex.Kind);
            Assert.Contains("64 KiB", ex.Message);
            Assert.True(body.Served < 1024 * 1024, "read " + body.Served + " bytes");
        }

        [Fact]
        public async Task A_content_length_over_the_limit_is_refused_before_reading_the_body()
        {
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler);
            var body = new UnsizedBody(SrmClientOptions.DefaultMaxResponseBodyBytes + 1L);
            handler.Enqueue(_ =>
            {
                var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(body) };
                response.Content.Headers.ContentLength = SrmClientOptions.DefaultMaxResponseBodyBytes + 1L;
                return response;
            });

            var ex = await Assert.ThrowsAsync<SrmApiException>(() => client.GetServerInfoAsync(CancellationToken.None));

            Assert.Equal(SrmErrorKind.InvalidResponse, ex.Kind);
            Assert.Contains("4 MiB", ex.Message);
            Assert.Equal(0, body.Served);
        }

        [Fact]
        public async Task An_error_body_over_the_limit_still_reports_the_status()
        {
            var handler = new FakeSrmHandler();
            var options = TestData.FastOptions(retries: 0);
            options.MaxResponseBodyBytes = 1024;
            using var client = await TestData.LoggedInClient(handler, options);
            handler.Enqueue(HttpStatusCode.InternalServerError, "<html>" + new string('x', 10000) + "</html>");

            var ex = await Assert.ThrowsAsync<SrmApiException>(() => client.GetServerInfoAsync(CancellationToken.None));

            Assert.Equal(SrmErrorKind.ServerError, ex.Kind);
            Assert.Equal(500, ex.StatusCode);
        }

        [Theory]
        [InlineData("name")]
        [InlineData("version")]
        [InlineData("vc_guid")]
        [InlineData("vc_name")]
        public async Task Server_info_without_what_the_connection_needs_is_refused_and_the_session_closed(string field)
        {
            var info = Newtonsoft.Json.Linq.JObject.Parse(TestData.ServerInfoJson);
            info[field] = field == "name" ? (Newtonsoft.Json.Linq.JToken)" " : null;
            var handler = new FakeSrmHandler().EnqueueLogin().Enqueue(HttpStatusCode.OK, info.ToString()).Enqueue(HttpStatusCode.NoContent);

            var ex = await Assert.ThrowsAsync<SrmApiException>(() =>
                SrmConnection.ConnectAsync(SrmEndpoint.Parse(TestData.Host), TestData.Credential(), TestData.FastOptions(), handler, CancellationToken.None));

            Assert.Equal(SrmErrorKind.InvalidResponse, ex.Kind);
            Assert.Contains(field, ex.Message);
            Assert.Equal(new[] { "POST /session", "GET /server/info", "DELETE /session" }, handler.Requests.Select(r => r.ToString()));
        }

        [Fact]
        public async Task Deeply_nested_JSON_is_an_invalid_response()
        {
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler);
            handler.Enqueue(HttpStatusCode.OK, "{\"name\":" + new string('[', 10000) + new string(']', 10000) + "}");

            var ex = await Assert.ThrowsAsync<SrmApiException>(() => client.GetServerInfoAsync(CancellationToken.None));

            Assert.Equal(SrmErrorKind.InvalidResponse, ex.Kind);
        }

        // ---- messages ----------------------------------------------------------------------------------------------

        [Theory]
        [InlineData("/server/info", "[1,2]", "expected a JSON object, found an array")]
        [InlineData("/tasks", "{\"list\":{\"id\":\"t\"}}", "expected a JSON array, found an object at list")]
        [InlineData("/tasks", "{\"list\":[{\"id\":\"t\",\"progress\":\"lots\"}]}", "at list[0].progress")]
        public async Task A_body_that_is_not_the_JSON_expected_gets_a_short_plain_message(string path, string body, string expected)
        {
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler);
            handler.Enqueue(HttpStatusCode.OK, body);

            var ex = await Assert.ThrowsAsync<SrmApiException>(() => path == "/tasks"
                ? client.GetRecentTasksAsync(CancellationToken.None)
                : (Task)client.GetServerInfoAsync(CancellationToken.None));

            Assert.Equal(SrmErrorKind.InvalidResponse, ex.Kind);
            Assert.Contains(expected, ex.Message);
            Assert.Contains("line 1", ex.Message);
            Assert.DoesNotContain("To fix this error", ex.Message);
            Assert.DoesNotContain("Srm.Client.Wire", ex.Message);
            Assert.DoesNotContain("System.", ex.Message);
            Assert.EndsWith(".", ex.Message);
            Assert.DoesNotContain("..", ex.Message);
            Assert.IsAssignableFrom<Newtonsoft.Json.JsonException>(ex.InnerException);
        }

        [Theory]
        [InlineData(SocketError.HostNotFound)]
        [InlineData(SocketError.NoData)]
        [InlineData(SocketError.TryAgain)]
        public async Task A_name_that_does_not_resolve_is_told_apart_from_a_lost_request(SocketError error)
        {
            var handler = new FakeSrmHandler()
                .Enqueue(_ => throw new HttpRequestException("Name or service not known (srm.test:443)", new SocketException((int)error)));

            var ex = await Assert.ThrowsAsync<SrmApiException>(() => TestData.Client(handler).LoginAsync(TestData.Credential(), CancellationToken.None));

            Assert.Equal(SrmErrorKind.ConnectionFailed, ex.Kind);
            Assert.Contains("The name srm.test could not be resolved.", ex.Message);
            Assert.Contains("Nothing was sent.", ex.Message);
            Assert.DoesNotContain("may or may not", ex.Message);
        }

        [Fact]
        public async Task A_connection_dropped_mid_request_keeps_the_warning_in_whole_sentences()
        {
            var handler = new FakeSrmHandler()
                .Enqueue(_ => throw new HttpRequestException("An error occurred", new IOException("Unable to read data", new SocketException((int)SocketError.ConnectionReset))));

            var ex = await Assert.ThrowsAsync<SrmApiException>(() => TestData.Client(handler).LoginAsync(TestData.Credential(), CancellationToken.None));

            Assert.Equal(SrmErrorKind.ConnectionFailed, ex.Kind);
            Assert.Contains(". The request may or may not have reached the server.", ex.Message);
            Assert.DoesNotContain("..", ex.Message);
        }
    }
}
