using System.Net;
using System.Text;

namespace Srm.Client.Tests
{
    /// <summary>GET /pairings: the entries, the self entry and paging.</summary>
    public class PairingMappingTests
    {
        private const string LocalVc = "4b1d4a1e-3c63-4f0b-9b57-5d1c0d3f8e77";
        private const string RemoteVc = "9a8b7c6d-1111-2222-3333-444455556666";

        private static string Server(string id, string name, string? url = null, string status = "OK", string version = "8.0.2") =>
            "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"url\":" + (url == null ? "null" : "\"" + url + "\"") +
            ",\"server_status\":\"" + status + "\",\"version\":\"" + version + "\",\"certificates\":[],\"certificate_warnings\":null}";

        internal static string PairingJson(string pairingId, string localVc, string remoteVc) =>
            "{\"pairing_id\":\"" + pairingId + "\"," +
            "\"local_vc_server\":" + Server(localVc, "vc-a") + "," +
            "\"remote_vc_server\":" + Server(remoteVc, remoteVc == localVc ? "vc-a" : "vc-b", "https://vc-b.example.com:443", "WARNING") + "," +
            "\"local_srm_server\":" + Server("11111111-0000-0000-0000-000000000001", "srm-a", "https://srm-a.example.com:443", "OK", "9.0.2") + "," +
            "\"remote_srm_server\":" + Server("11111111-0000-0000-0000-000000000002", "srm-b") + "}";

        internal static string PairingListJson(int first, int count, int? total)
        {
            var text = new StringBuilder("{\"list\":[");
            for (var i = 0; i < count; i++)
            {
                if (i > 0)
                {
                    text.Append(',');
                }

                text.Append(PairingJson(new Guid(first + i, 0, 0, new byte[8]).ToString(), LocalVc, Guid.NewGuid().ToString()));
            }

            text.Append("],\"_meta\":{");
            if (total.HasValue)
            {
                text.Append("\"total\":").Append(total.Value).Append(",\"limit\":100,\"offset\":").Append(first);
            }

            return text.Append("}}").ToString();
        }

        [Fact]
        public async Task Pairings_and_the_self_entry_are_mapped()
        {
            var handler = new FakeSrmHandler();
            var connection = await TestData.Connect(handler);
            handler.Enqueue(HttpStatusCode.OK,
                "{\"list\":[" + PairingJson("p-self", LocalVc, LocalVc.ToUpperInvariant()) + "," + PairingJson("p-b", LocalVc, RemoteVc) +
                "],\"_meta\":{\"total\":2,\"limit\":100,\"offset\":0,\"links\":{}}}");

            var pairings = await connection.Client.GetPairingsAsync(CancellationToken.None);

            Assert.Equal(2, pairings.Count);
            Assert.True(pairings[0].IsSelf);
            Assert.False(pairings[1].IsSelf);
            var pairing = pairings[1];
            Assert.Equal("p-b", pairing.PairingId);
            Assert.Equal(RemoteVc, pairing.RemoteVcGuid);
            Assert.NotNull(pairing.RemoteVcServer);
            Assert.Equal("vc-b", pairing.RemoteVcServer.Name);
            Assert.Equal("https://vc-b.example.com:443", pairing.RemoteVcServer.Url);
            Assert.Equal("WARNING", pairing.RemoteVcServer.ServerStatus);
            Assert.NotNull(pairing.LocalSrmServer);
            Assert.Equal("srm-a", pairing.LocalSrmServer.Name);
            Assert.Equal("9.0.2", pairing.LocalSrmServer.Version);
            Assert.NotNull(pairing.RemoteSrmServer);
            Assert.Equal("srm-b", pairing.RemoteSrmServer.Name);
            Assert.Null(pairing.RemoteSrmServer.Url);
            Assert.Same(connection, pairing.Connection);
        }

        [Fact]
        public async Task Entry_without_vcenter_ids_is_not_self()
        {
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler);
            handler.Enqueue(HttpStatusCode.OK, "{\"list\":[{\"pairing_id\":\"p-1\",\"local_vc_server\":null}]}");

            var pairing = Assert.Single(await client.GetPairingsAsync(CancellationToken.None));

            Assert.False(pairing.IsSelf);
            Assert.Null(pairing.LocalVcServer);
            Assert.Null(pairing.RemoteVcGuid);
        }

        [Fact]
        public async Task A_short_page_ends_the_listing()
        {
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler);
            handler.Enqueue(HttpStatusCode.OK, PairingListJson(0, 3, total: 3));

            var pairings = await client.GetPairingsAsync(CancellationToken.None);

            Assert.Equal(3, pairings.Count);
            Assert.Equal(2, handler.Requests.Count);
        }

        [Fact]
        public async Task A_full_page_reaching_the_total_ends_the_listing()
        {
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler);
            handler.Enqueue(HttpStatusCode.OK, PairingListJson(0, 100, total: 100));

            Assert.Equal(100, (await client.GetPairingsAsync(CancellationToken.None)).Count);
            Assert.Equal(2, handler.Requests.Count);
        }

        [Fact]
        public async Task Three_pages_are_read_until_the_total()
        {
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler);
            handler.Enqueue(HttpStatusCode.OK, PairingListJson(0, 100, total: 201));
            handler.Enqueue(HttpStatusCode.OK, PairingListJson(100, 100, total: 201));
            handler.Enqueue(HttpStatusCode.OK, PairingListJson(200, 1, total: 201));

            var pairings = await client.GetPairingsAsync(CancellationToken.None);

            Assert.Equal(201, pairings.Count);
            Assert.Equal(new[] { "offset=0", "offset=100", "offset=200" },
                handler.Requests.Skip(1).Select(r => r.ApiPathAndQuery.Substring(r.ApiPathAndQuery.IndexOf("offset", StringComparison.Ordinal))));
        }

        [Fact]
        public async Task Empty_list_and_missing_list_give_no_pairings()
        {
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler);
            handler.Enqueue(HttpStatusCode.OK, "{\"list\":[],\"_meta\":{\"total\":0}}");
            handler.Enqueue(HttpStatusCode.OK, "{}");

            Assert.Empty(await client.GetPairingsAsync(CancellationToken.None));
            Assert.Empty(await client.GetPairingsAsync(CancellationToken.None));
        }
    }
}
