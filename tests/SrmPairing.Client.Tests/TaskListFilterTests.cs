using System.Net;
using Srm.Client.Http;
using Srm.Client.Tasks;

namespace Srm.Client.Tests
{
    /// <summary>GET /tasks for Get-SrmTask without -Id: the filter sent, paging, -First, and filtering on the client.</summary>
    public class TaskListFilterTests
    {
        private const string Create = "com.vmware.srm.pairing.create";
        private const string Delete = "com.vmware.srm.pairing.delete";

        [Fact]
        public async Task Several_statuses_are_one_filter_property_with_one_filter_each_in_upper_case()
        {
            var server = new TaskServer(Task("t-1", "RUNNING"), Task("t-2", "SUCCESS"), Task("t-3", "QUEUED"));
            using var client = await TestData.LoggedInClient(server.Handler);

            var tasks = await client.ListTasksAsync(new SrmTaskQuery(new[] { "running", "Queued" }), null, CancellationToken.None);

            Assert.Equal("/tasks?filter_property=status&filter=RUNNING&filter=QUEUED&limit=100&offset=0", Assert.Single(server.Lists).ApiPathAndQuery);
            Assert.Equal(new[] { "t-1", "t-3" }, tasks.Select(t => t.Id));
        }

        [Fact]
        public async Task A_description_id_is_sent_escaped()
        {
            var server = new TaskServer(Task("t-1", "RUNNING", "a&b c=d"), Task("t-2", "RUNNING"));
            using var client = await TestData.LoggedInClient(server.Handler);

            var tasks = await client.ListTasksAsync(new SrmTaskQuery(descriptionId: "a&b c=d"), null, CancellationToken.None);

            Assert.Equal("/tasks?filter_property=description_id&filter=a%26b%20c%3Dd&limit=100&offset=0", Assert.Single(server.Lists).ApiPathAndQuery);
            Assert.Equal("t-1", Assert.Single(tasks).Id);
        }

        [Fact]
        public async Task Without_filters_every_page_is_read()
        {
            var server = new TaskServer(Enumerable.Range(1, 250).Select(i => Task("t-" + i, "SUCCESS")).ToArray());
            using var client = await TestData.LoggedInClient(server.Handler);

            var tasks = await client.ListTasksAsync(new SrmTaskQuery(), null, CancellationToken.None);

            Assert.Equal(new[] { "/tasks?limit=100&offset=0", "/tasks?limit=100&offset=100", "/tasks?limit=100&offset=200" },
                server.Lists.Select(r => r.ApiPathAndQuery));
            Assert.Equal(250, tasks.Count);
        }

        [Fact]
        public async Task First_is_sent_as_limit_when_the_server_does_all_the_filtering()
        {
            var server = new TaskServer(Enumerable.Range(1, 20).Select(i => Task("t-" + i, i % 2 == 0 ? "ERROR" : "SUCCESS")).ToArray());
            using var client = await TestData.LoggedInClient(server.Handler);

            var tasks = await client.ListTasksAsync(new SrmTaskQuery(new[] { "ERROR" }, first: 3), null, CancellationToken.None);

            Assert.Equal("/tasks?filter_property=status&filter=ERROR&limit=3&offset=0", Assert.Single(server.Lists).ApiPathAndQuery);
            Assert.Equal(new[] { "t-2", "t-4", "t-6" }, tasks.Select(t => t.Id));
        }

        [Fact]
        public async Task A_refused_filter_is_applied_on_the_client_to_an_unfiltered_list_and_said_in_verbose()
        {
            var server = new TaskServer(Task("t-1", "SUCCESS"), Task("t-2", "RUNNING"), Task("t-3", "SUCCESS"), Task("t-4", "RUNNING"), Task("t-5", "RUNNING"))
            {
                RefusedProperty = "status",
            };
            using var client = await TestData.LoggedInClient(server.Handler);
            var verbose = new List<string>();

            var tasks = await client.ListTasksAsync(new SrmTaskQuery(new[] { "RUNNING" }, first: 2), verbose.Add, CancellationToken.None);

            // -First counts after filtering, so the unfiltered list is read in full pages, not with limit=2.
            Assert.Equal(new[] { "/tasks?filter_property=status&filter=RUNNING&limit=2&offset=0", "/tasks?limit=100&offset=0" },
                server.Lists.Select(r => r.ApiPathAndQuery));
            Assert.Equal(new[] { "t-2", "t-4" }, tasks.Select(t => t.Id));
            var line = Assert.Single(verbose);
            Assert.Contains("refused the filter on status", line);
            Assert.Contains("Filtering by 'status' is not supported.", line);
            Assert.Contains("filtering them here", line);
        }

        [Fact]
        public async Task With_two_filters_status_is_sent_and_description_id_is_matched_on_the_client_over_full_pages()
        {
            var tasks = Enumerable.Range(1, 150).Select(i => Task("t-" + i, "ERROR", i == 140 ? Delete : Create)).ToArray();
            var server = new TaskServer(tasks);
            using var client = await TestData.LoggedInClient(server.Handler);
            var verbose = new List<string>();

            var found = await client.ListTasksAsync(new SrmTaskQuery(new[] { "ERROR" }, Delete, first: 1), verbose.Add, CancellationToken.None);

            Assert.Equal(new[] { "/tasks?filter_property=status&filter=ERROR&limit=100&offset=0", "/tasks?filter_property=status&filter=ERROR&limit=100&offset=100" },
                server.Lists.Select(r => r.ApiPathAndQuery));
            Assert.Equal("t-140", Assert.Single(found).Id);
            Assert.Contains("on status on the server and on description_id here", Assert.Single(verbose));
        }

        [Fact]
        public async Task A_server_that_ignores_the_filter_still_gives_only_matching_tasks()
        {
            var server = new TaskServer(Task("t-1", "SUCCESS"), Task("t-2", "CANCELLED"), Task("t-3", "UNHEARD_OF")) { IgnoreFilter = true };
            using var client = await TestData.LoggedInClient(server.Handler);

            var tasks = await client.ListTasksAsync(new SrmTaskQuery(new[] { "CANCELLED" }), null, CancellationToken.None);

            Assert.Equal("t-2", Assert.Single(tasks).Id);
        }

        [Fact]
        public async Task Other_errors_are_not_taken_for_a_refused_filter()
        {
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler);
            handler.Enqueue(HttpStatusCode.Forbidden, "{\"code\":\"FORBIDDEN\",\"message\":\"No System.View\"}");

            var ex = await Assert.ThrowsAsync<SrmApiException>(() => client.ListTasksAsync(new SrmTaskQuery(new[] { "RUNNING" }), null, CancellationToken.None));

            Assert.Equal(SrmErrorKind.Forbidden, ex.Kind);
            Assert.Single(handler.Requests.Skip(1));
        }

        [Fact]
        public async Task Paging_that_repeats_the_same_tasks_is_refused_not_followed_forever()
        {
            // Ignores offset and claims many more.
            var handler = new FakeSrmHandler
            {
                Responder = _ => FakeSrmHandler.Json("{\"list\":[" + Task("t-1", "SUCCESS") + "],\"_meta\":{\"total\":1000000}}"),
            };
            using var client = await TestData.LoggedInClient(handler);

            var ex = await Assert.ThrowsAsync<SrmApiException>(() => client.ListTasksAsync(new SrmTaskQuery(), null, CancellationToken.None));

            Assert.Equal(SrmErrorKind.InvalidResponse, ex.Kind);
            Assert.Contains("No tasks were listed", ex.Message);
            Assert.Equal(2, handler.Requests.Count - 1);
        }

        [Fact]
        public async Task Paging_is_bounded_by_the_page_cap()
        {
            // Each page is new tasks, one at a time, with a total that never ends.
            var handler = new FakeSrmHandler
            {
                Responder = r =>
                {
                    var offset = RequestBuildingTests.ParseQuery(r.ApiPathAndQuery).Single(p => p.Key == "offset").Value;
                    return FakeSrmHandler.Json("{\"list\":[" + Task("t-" + offset, "SUCCESS") + "],\"_meta\":{\"total\":1000000}}");
                },
            };
            using var client = await TestData.LoggedInClient(handler);

            var ex = await Assert.ThrowsAsync<SrmApiException>(() => client.ListTasksAsync(new SrmTaskQuery(), null, CancellationToken.None));

            Assert.Equal(SrmErrorKind.InvalidResponse, ex.Kind);
            Assert.Equal(SrmClient.MaxListPages, handler.Requests.Count - 1);
        }

        private static string Task(string id, string status, string descriptionId = Create) =>
            "{\"id\":\"" + id + "\",\"status\":\"" + status + "\",\"progress\":0,\"description\":\"d\",\"description_id\":\"" +
            descriptionId.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"}";

        /// <summary>A GET /tasks that filters (status and description_id, OR over values), pages, and may refuse a filter property.</summary>
        private sealed class TaskServer
        {
            private readonly List<(string Json, string? Status, string? DescriptionId, string? Id)> _tasks;

            public TaskServer(params string[] tasks)
            {
                _tasks = tasks.Select(t =>
                {
                    var o = Newtonsoft.Json.Linq.JObject.Parse(t);
                    return (t, (string?)o["status"], (string?)o["description_id"], (string?)o["id"]);
                }).ToList();
                Handler = new FakeSrmHandler { Responder = Respond };
            }

            public FakeSrmHandler Handler { get; }

            public string? RefusedProperty { get; init; }

            public bool IgnoreFilter { get; init; }

            public IReadOnlyList<RecordedRequest> Lists => Handler.Requests.Where(r => r.ApiPath == "/tasks").ToList();

            private HttpResponseMessage Respond(RecordedRequest request)
            {
                var query = RequestBuildingTests.ParseQuery(request.ApiPathAndQuery);
                var property = query.Where(p => p.Key == "filter_property").Select(p => p.Value).SingleOrDefault();
                var filters = query.Where(p => p.Key == "filter").Select(p => p.Value).ToList();
                if (property != null && property == RefusedProperty)
                {
                    return FakeSrmHandler.Response(HttpStatusCode.BadRequest, "{\"code\":\"BAD_REQUEST\",\"message\":\"Filtering by '" + property + "' is not supported.\"}");
                }

                var rows = _tasks.AsEnumerable();
                if (property != null && !IgnoreFilter)
                {
                    rows = rows.Where(t => (property == "status" ? t.Status : property == "description_id" ? t.DescriptionId : t.Id) is { } value && filters.Contains(value));
                }

                var all = rows.ToList();
                var limit = int.Parse(query.Single(p => p.Key == "limit").Value);
                var offset = int.Parse(query.Single(p => p.Key == "offset").Value);
                var page = all.Skip(offset).Take(limit).Select(t => t.Json);
                return FakeSrmHandler.Json("{\"list\":[" + string.Join(",", page) + "],\"_meta\":{\"total\":" + all.Count + "}}");
            }
        }
    }
}
