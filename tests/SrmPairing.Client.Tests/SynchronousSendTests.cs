using System.Security.Cryptography.X509Certificates;
using Srm.Client.Http;

namespace Srm.Client.Tests
{
    /// <summary>
    /// Calls made from a thread of their own, as a cmdlet makes them from its pipeline thread: the client's own
    /// handler answers them on that thread, and Ctrl+C and the request timeout still end them at once.
    /// </summary>
    public class SynchronousSendTests
    {
        private static SrmClient NewClient(OneShotTlsServer server, X509Certificate2 certificate, TimeSpan requestTimeout)
        {
            var options = new SrmClientOptions
            {
                CertificateThumbprint = Thumbprint.Sha256(certificate),
                MaxRequestsPerMinute = 0,
                MaximumRetryCount = 0,
                RequestTimeout = requestTimeout,
            };
            return new SrmClient(SrmEndpoint.Parse("127.0.0.1:" + server.Port), options);
        }

        [Fact]
        public async Task A_call_from_its_own_thread_is_answered_on_that_thread()
        {
            using var cert = TestCertificates.Create("CN=srm-loopback.test");
            using var server = new OneShotTlsServer(cert);
            using var client = NewClient(server, cert, TimeSpan.FromSeconds(10));

            var login = await OwnThread.Start(() => client.LoginAsync(TestData.Credential(), CancellationToken.None), TimeSpan.FromSeconds(30));

            // The whole call, request and answer, happened before it returned to the thread that made it.
            Assert.True(login.IsCompletedSuccessfully, "the call returned before its answer");
            await login;
            Assert.True(client.HasSession);
            Assert.StartsWith("POST /api/rest/srm/v2/session HTTP/1.1", await server.Served.WaitAsync(TimeSpan.FromSeconds(15)), StringComparison.Ordinal);
        }

        [Fact]
        public async Task A_call_on_a_pool_thread_stays_asynchronous_and_gets_the_same_answer()
        {
            using var cert = TestCertificates.Create("CN=srm-loopback.test");
            using var server = new OneShotTlsServer(cert);
            using var client = NewClient(server, cert, TimeSpan.FromSeconds(10));

            await Task.Run(() => client.LoginAsync(TestData.Credential(), CancellationToken.None)).WaitAsync(TimeSpan.FromSeconds(15));

            Assert.True(client.HasSession);
        }

        [Fact]
        public async Task Cancelling_stops_a_call_the_server_does_not_answer()
        {
            using var cert = TestCertificates.Create("CN=srm-loopback.test");
            using var server = new OneShotTlsServer(cert, stall: true);
            using var client = NewClient(server, cert, TimeSpan.FromSeconds(100));
            using var stop = new CancellationTokenSource();
            _ = server.RequestRead.Task.ContinueWith(_ => stop.Cancel(), TaskScheduler.Default);

            var watch = System.Diagnostics.Stopwatch.StartNew();
            var login = await OwnThread.Start(() => client.LoginAsync(TestData.Credential(), stop.Token), TimeSpan.FromSeconds(30));

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => login);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
            Assert.False(client.HasSession);
        }

        [Fact]
        public async Task The_request_timeout_ends_a_call_the_server_does_not_answer()
        {
            using var cert = TestCertificates.Create("CN=srm-loopback.test");
            using var server = new OneShotTlsServer(cert, stall: true);
            using var client = NewClient(server, cert, TimeSpan.FromSeconds(1));

            var login = await OwnThread.Start(() => client.LoginAsync(TestData.Credential(), CancellationToken.None), TimeSpan.FromSeconds(30));

            var error = await Assert.ThrowsAsync<SrmApiException>(() => login);
            Assert.Equal(SrmErrorKind.Timeout, error.Kind);
            Assert.Contains("no answer within 1 s", error.Message);
        }
    }
}
