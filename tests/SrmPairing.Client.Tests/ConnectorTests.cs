using System.Net;
using Newtonsoft.Json;
using Srm.Client.Http;
using Srm.Client.Models;

namespace Srm.Client.Tests
{
    public class ConnectorTests
    {
        [Fact]
        public async Task Connect_logs_in_and_reads_server_info()
        {
            var handler = new FakeSrmHandler();

            var connection = await TestData.Connect(handler);

            Assert.Equal(new[] { "POST /session", "GET /server/info" }, handler.Requests.Select(r => r.ToString()));
            Assert.True(connection.IsConnected);
            Assert.Equal(TestData.Host, connection.Server);
            Assert.Equal(443, connection.Port);
            Assert.Equal(TestData.User, connection.User);
            Assert.Equal("srm-a", connection.Name);
            Assert.Equal("9.0.2", connection.Version);
            Assert.Equal("7c2f0b7e-6d7a-4c58-8d0e-6f1f5a0e9c11", connection.SrmId);
            Assert.Equal("vc-a.example.com", connection.VcName);
            Assert.Equal("4b1d4a1e-3c63-4f0b-9b57-5d1c0d3f8e77", connection.VcGuid);
            Assert.Equal("com.vmware.vcDr", connection.ExtensionKey);
            Assert.Equal(TestData.BaseUrl, connection.BaseUri.ToString().TrimEnd('/'));
            Assert.Equal(TestData.Host, connection.ToString());
        }

        [Fact]
        public async Task The_connection_shows_no_secret()
        {
            var connection = await TestData.Connect(new FakeSrmHandler());

            var shown = JsonConvert.SerializeObject(connection) + connection;

            Assert.DoesNotContain(TestData.SessionId, shown);
            Assert.DoesNotContain(TestData.Password, shown);
        }

        [Fact]
        public async Task Failed_login_sends_nothing_else()
        {
            var handler = new FakeSrmHandler().Enqueue(HttpStatusCode.Unauthorized);

            var ex = await Assert.ThrowsAsync<SrmApiException>(() =>
                SrmConnection.ConnectAsync(SrmEndpoint.Parse(TestData.Host), TestData.Credential(), TestData.FastOptions(), handler, CancellationToken.None));

            Assert.Equal(SrmErrorKind.Unauthorized, ex.Kind);
            Assert.Single(handler.Requests);
        }

        [Fact]
        public async Task Failed_server_info_closes_the_session_it_opened()
        {
            var handler = new FakeSrmHandler().EnqueueLogin().Enqueue(HttpStatusCode.Forbidden, "{\"message\":\"No privilege\"}").Enqueue(HttpStatusCode.NoContent);

            var ex = await Assert.ThrowsAsync<SrmApiException>(() =>
                SrmConnection.ConnectAsync(SrmEndpoint.Parse(TestData.Host), TestData.Credential(), TestData.FastOptions(), handler, CancellationToken.None));

            Assert.Equal(SrmErrorKind.Forbidden, ex.Kind);
            Assert.Equal(new[] { "POST /session", "GET /server/info", "DELETE /session" }, handler.Requests.Select(r => r.ToString()));
            Assert.Equal(TestData.SessionId, handler.Requests[2].Header("x-dr-session"));
        }

        [Fact]
        public async Task A_server_info_answer_without_details_is_refused_and_closes_the_session()
        {
            var handler = new FakeSrmHandler().EnqueueLogin().Enqueue(HttpStatusCode.OK, "null").Enqueue(HttpStatusCode.NoContent);

            var ex = await Assert.ThrowsAsync<SrmApiException>(() =>
                SrmConnection.ConnectAsync(SrmEndpoint.Parse(TestData.Host), TestData.Credential(), TestData.FastOptions(), handler, CancellationToken.None));

            Assert.Equal(SrmErrorKind.InvalidResponse, ex.Kind);
            Assert.Equal(new[] { "POST /session", "GET /server/info", "DELETE /session" }, handler.Requests.Select(r => r.ToString()));
        }

        [Fact]
        public async Task Cancelling_after_the_login_still_closes_the_session()
        {
            using (var cts = new CancellationTokenSource())
            {
                var handler = new FakeSrmHandler().EnqueueLogin()
                    .EnqueueAsync(async (request, token) =>
                    {
                        cts.Cancel();
                        await Task.Delay(Timeout.Infinite, token);
                        return FakeSrmHandler.Json("{}");
                    })
                    .Enqueue(HttpStatusCode.NoContent);

                await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                    SrmConnection.ConnectAsync(SrmEndpoint.Parse(TestData.Host), TestData.Credential(), TestData.FastOptions(), handler, cts.Token));

                Assert.Equal(new[] { "POST /session", "GET /server/info", "DELETE /session" }, handler.Requests.Select(r => r.ToString()));
                Assert.Equal(TestData.SessionId, handler.Requests[2].Header("x-dr-session"));
            }
        }

        [Fact]
        public async Task Failed_server_info_reports_its_own_error_even_when_the_logout_fails_too()
        {
            var handler = new FakeSrmHandler().EnqueueLogin().Enqueue(HttpStatusCode.NotFound).EnqueueConnectionFailure();

            var ex = await Assert.ThrowsAsync<SrmApiException>(() =>
                SrmConnection.ConnectAsync(SrmEndpoint.Parse(TestData.Host), TestData.Credential(), TestData.FastOptions(), handler, CancellationToken.None));

            Assert.Equal(SrmErrorKind.NotFound, ex.Kind);
            Assert.Equal("/server/info", ex.Path);
        }

        [Fact]
        public async Task Disconnect_deletes_the_session_and_closes_the_connection()
        {
            var handler = new FakeSrmHandler();
            var connection = await TestData.Connect(handler);
            handler.Enqueue(HttpStatusCode.NoContent);

            await connection.CloseAsync(CancellationToken.None);

            var logout = handler.Requests.Last();
            Assert.Equal("DELETE /session", logout.ToString());
            Assert.Equal(TestData.SessionId, logout.Header("x-dr-session"));
            Assert.False(connection.IsConnected);
            Assert.False(connection.Client.HasSession);
        }

        [Fact]
        public async Task Disconnect_forgets_the_session_even_when_the_server_refuses()
        {
            var handler = new FakeSrmHandler();
            var connection = await TestData.Connect(handler);
            handler.Enqueue(HttpStatusCode.InternalServerError);

            await Assert.ThrowsAsync<SrmApiException>(() => connection.CloseAsync(CancellationToken.None));

            Assert.False(connection.IsConnected);
            Assert.False(connection.Client.HasSession);
        }

        [Fact]
        public async Task Null_arguments_are_refused()
        {
            await Assert.ThrowsAsync<ArgumentNullException>(() => SrmConnection.ConnectAsync(null!, TestData.Credential(), null, CancellationToken.None));
            await Assert.ThrowsAsync<ArgumentNullException>(() => SrmConnection.ConnectAsync(SrmEndpoint.Parse(TestData.Host), null!, null, CancellationToken.None));
        }
    }
}
