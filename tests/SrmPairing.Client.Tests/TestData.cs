using System.Security;
using Srm.Client.Http;
using Srm.Client.Models;

namespace Srm.Client.Tests
{
    /// <summary>Shared values and factories. The secrets are distinctive so that a leak is easy to spot.</summary>
    internal static class TestData
    {
        public const string Host = "srm.test";
        public const string BaseUrl = "https://srm.test/api/rest/srm/v2";
        public const string User = "administrator@vsphere.local";
        public const string Password = "Pa55:w0rd-SECRET-3f9c";
        public const string SessionId = "SESSION-7d1e2c44-a5b3-4c1f";
        public const string RemotePassword = "Remote-PW-SECRET-81aa";
        public const string OpId = "0b6b1f8e-1b5e-4c8a-9f3e-2d7c1a9e4b21";

        public static SecureString Secure(string text)
        {
            var secure = new SecureString();
            foreach (var c in text)
            {
                secure.AppendChar(c);
            }

            secure.MakeReadOnly();
            return secure;
        }

        public static SrmCredential Credential(string user = User, string password = Password) => new SrmCredential(user, Secure(password));

        /// <summary>Options that keep tests fast: tiny retry waits, no client-side rate limit.</summary>
        public static SrmClientOptions FastOptions(int retries = 3) => new SrmClientOptions
        {
            MaxRequestsPerMinute = 0,
            MaximumRetryCount = retries,
            RetryInterval = TimeSpan.FromMilliseconds(1),
            MaximumRetryDelay = TimeSpan.FromMilliseconds(20),
            RequestTimeout = TimeSpan.FromSeconds(10),
            TaskPollInterval = TimeSpan.FromMilliseconds(20),
        };

        /// <summary><see cref="FastOptions"/> whose trace lines go to <paramref name="trace"/>.</summary>
        public static SrmClientOptions Traced(Action<string> trace)
        {
            var options = FastOptions();
            options.Trace = trace;
            return options;
        }

        internal static SrmClient Client(FakeSrmHandler handler, SrmClientOptions? options = null) =>
            new SrmClient(SrmEndpoint.Parse(Host), options ?? FastOptions(), handler);

        /// <summary>A client that has logged in (the login request is the handler's first recorded request).</summary>
        internal static async Task<SrmClient> LoggedInClient(FakeSrmHandler handler, SrmClientOptions? options = null)
        {
            handler.EnqueueLogin();
            var client = Client(handler, options);
            await client.LoginAsync(Credential(), CancellationToken.None);
            return client;
        }

        /// <summary>A connection as Connect-SrmServer makes it: POST /session then GET /server/info.</summary>
        internal static Task<SrmConnection> Connect(FakeSrmHandler handler, SrmClientOptions? options = null)
        {
            handler.EnqueueLogin();
            handler.Enqueue(System.Net.HttpStatusCode.OK, ServerInfoJson);
            return SrmConnection.ConnectAsync(SrmEndpoint.Parse(Host), Credential(), options ?? FastOptions(), handler, CancellationToken.None);
        }

        public const string ServerInfoJson =
            "{\"id\":\"7c2f0b7e-6d7a-4c58-8d0e-6f1f5a0e9c11\",\"url\":\"https://srm.test:443\",\"name\":\"srm-a\",\"server_status\":\"OK\"," +
            "\"version\":\"9.0.2\",\"vc_guid\":\"4b1d4a1e-3c63-4f0b-9b57-5d1c0d3f8e77\",\"vc_name\":\"vc-a.example.com\",\"extension_key\":\"com.vmware.vcDr\"}";

        public static string TaskJson(string id, string status = "RUNNING", int progress = 0) =>
            "{\"id\":\"" + id + "\",\"status\":\"" + status + "\",\"progress\":" + progress + ",\"description\":\"Pair sites\"}";

        public static string TaskListJson(params string[] tasks) =>
            "{\"list\":[" + string.Join(",", tasks) + "],\"_meta\":{\"total\":" + tasks.Length + "}}";

        public static PairingSpec Spec(string? thumbprint = null, string? srmUrl = null, string? srmThumbprint = null) => new PairingSpec
        {
            PscUrl = "vc-b.example.com",
            PscPort = 443,
            PscThumbprint = thumbprint,
            PscCredential = new SrmCredential("administrator@vsphere.local", Secure(RemotePassword)),
            VcGuid = "9a8b7c6d-1111-2222-3333-444455556666",
            SrmUrl = srmUrl,
            SrmThumbprint = srmThumbprint,
        };
    }
}
