using System.Collections.Specialized;
using System.Net;
using Srm.Client.Http;
using Srm.Client.Models;

namespace Srm.Client.Tests
{
    /// <summary>How task JSON from the server becomes an <see cref="SrmTask"/>, read through GET /tasks/{id}.</summary>
    public class TaskMappingTests
    {
        private static async Task<SrmTask> Read(string taskJson)
        {
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler);
            handler.Enqueue(HttpStatusCode.OK, taskJson);
            return await client.GetTaskAsync("t-1", CancellationToken.None);
        }

        [Fact]
        public async Task Full_task_is_mapped()
        {
            var task = await Read(@"{
                ""id"": ""t-1"", ""description"": ""Pair sites"", ""description_id"": ""pair.sites"",
                ""entity"": ""site-9"", ""entity_name"": ""srm-b"", ""status"": ""ERROR"",
                ""error"": { ""message"": ""Pairing failed."", ""details"": ""The remote PSC refused the login."" },
                ""progress"": 40, ""queued_time"": 1700000000000, ""start_time"": 1700000001500, ""complete_time"": 1700000061500 }");

            Assert.Equal("t-1", task.Id);
            Assert.Equal(SrmTaskStatus.ERROR, task.Status);
            Assert.Equal("ERROR", task.RawStatus);
            Assert.True(task.IsFinal);
            Assert.Equal(40, task.Progress);
            Assert.Equal("Pair sites", task.Description);
            Assert.Equal("pair.sites", task.DescriptionId);
            Assert.Equal("site-9", task.Entity);
            Assert.Equal("srm-b", task.EntityName);
            Assert.Equal("Pairing failed.", task.Error?.Message);
            Assert.Equal("The remote PSC refused the login.", task.Error?.Details);
            Assert.Equal(new DateTimeOffset(2023, 11, 14, 22, 13, 20, TimeSpan.Zero), task.QueuedTime);
            Assert.Equal(new DateTimeOffset(2023, 11, 14, 22, 13, 21, 500, TimeSpan.Zero), task.StartTime);
            Assert.Equal(TimeSpan.FromMinutes(1), task.Duration);
            Assert.Empty(task.MetaErrors);
            Assert.Null(task.Result);
        }

        [Fact]
        public async Task Task_without_meta_has_no_meta_errors()
        {
            var task = await Read("{\"id\":\"t-1\",\"status\":\"RUNNING\"}");

            Assert.NotNull(task.MetaErrors);
            Assert.Empty(task.MetaErrors);
            Assert.Null(task.Error);
            Assert.Equal(0, task.Progress);
        }

        [Fact]
        public async Task Meta_errors_are_mapped()
        {
            var task = await Read(@"{""id"":""t-1"",""status"":""RUNNING"",
                ""_meta"": { ""errors"": [
                    { ""code"": ""E1"", ""message"": ""Entity name unavailable"", ""field"": ""$.entity_name"" },
                    { ""message"": ""Result truncated"", ""field"": ""$.result"" } ] } }");

            Assert.Equal(2, task.MetaErrors.Count);
            Assert.Equal("E1", task.MetaErrors[0].Code);
            Assert.Equal("Entity name unavailable", task.MetaErrors[0].Message);
            Assert.Equal("$.entity_name", task.MetaErrors[0].Field);
            Assert.Null(task.MetaErrors[1].Code);
            Assert.Equal("$.result", task.MetaErrors[1].Field);
            Assert.Equal("E1: Entity name unavailable ($.entity_name)", task.MetaErrors[0].ToString());
        }

        [Fact]
        public async Task Meta_with_empty_errors_gives_no_meta_errors()
        {
            var task = await Read("{\"id\":\"t-1\",\"status\":\"RUNNING\",\"_meta\":{\"errors\":[]}}");
            Assert.Empty(task.MetaErrors);
        }

        [Fact]
        public async Task Result_as_a_json_string()
        {
            var task = await Read("{\"id\":\"t-1\",\"status\":\"SUCCESS\",\"result\":\"pairing-42\"}");
            Assert.Equal("pairing-42", Assert.IsType<string>(task.Result));
        }

        [Fact]
        public async Task Result_as_an_object_is_an_ordered_dictionary_in_server_order()
        {
            var task = await Read(@"{""id"":""t-1"",""status"":""SUCCESS"",
                ""result"": { ""zeta"": 1, ""alpha"": ""two"", ""mid"": { ""ok"": true, ""ratio"": 0.5, ""none"": null }, ""list"": [1, ""x""] } }");

            var result = Assert.IsType<OrderedDictionary>(task.Result);
            Assert.Equal(new object[] { "zeta", "alpha", "mid", "list" }, result.Keys.Cast<object>().ToArray());
            Assert.Equal(1L, result["zeta"]);
            Assert.Equal("two", result["ALPHA"]);
            var mid = Assert.IsType<OrderedDictionary>(result["mid"]);
            Assert.Equal(true, mid["ok"]);
            Assert.Equal(0.5, mid["ratio"]);
            Assert.True(mid.Contains("none"));
            Assert.Null(mid["none"]);
            Assert.Equal(new object[] { 1L, "x" }, Assert.IsType<object[]>(result["list"]));
        }

        [Fact]
        public async Task Result_as_an_array()
        {
            var task = await Read("{\"id\":\"t-1\",\"status\":\"SUCCESS\",\"result\":[\"a\",{\"b\":2},[3],null,false]}");

            var result = Assert.IsType<object[]>(task.Result);
            Assert.Equal(5, result.Length);
            Assert.Equal("a", result[0]);
            Assert.Equal(2L, Assert.IsType<OrderedDictionary>(result[1])["b"]);
            Assert.Equal(new object[] { 3L }, result[2]);
            Assert.Null(result[3]);
            Assert.Equal(false, result[4]);
        }

        [Theory]
        [InlineData("{\"id\":\"t-1\",\"status\":\"SUCCESS\",\"result\":null}")]
        [InlineData("{\"id\":\"t-1\",\"status\":\"SUCCESS\"}")]
        public async Task Result_null_or_absent_is_null(string json)
        {
            Assert.Null((await Read(json)).Result);
        }

        [Fact]
        public async Task Result_with_an_integer_beyond_int64_is_kept()
        {
            var task = await Read("{\"id\":\"t-1\",\"status\":\"SUCCESS\",\"result\":{\"big\":123456789012345678901234567890,\"small\":7}}");

            var result = Assert.IsType<OrderedDictionary>(task.Result);
            Assert.Equal("123456789012345678901234567890", Convert.ToString(result["big"], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(7L, result["small"]);
        }

        [Fact]
        public async Task Iso_looking_strings_stay_strings()
        {
            var task = await Read(@"{""id"":""t-1"",""status"":""SUCCESS"",""description"":""2024-03-01T10:00:00+02:00"",
                ""result"": { ""when"": ""2024-03-01T10:00:00+02:00"", ""list"": [""2024-03-01T08:00:00Z""] } }");

            Assert.Equal("2024-03-01T10:00:00+02:00", task.Description);
            var result = Assert.IsType<OrderedDictionary>(task.Result);
            Assert.Equal("2024-03-01T10:00:00+02:00", Assert.IsType<string>(result["when"]));
            Assert.Equal("2024-03-01T08:00:00Z", Assert.IsType<string>(Assert.IsType<object[]>(result["list"])[0]));
        }

        [Fact]
        public async Task Iso_looking_string_result_stays_a_string()
        {
            var task = await Read("{\"id\":\"t-1\",\"status\":\"SUCCESS\",\"result\":\"2024-03-01T10:00:00.1234567+02:00\"}");
            Assert.Equal("2024-03-01T10:00:00.1234567+02:00", Assert.IsType<string>(task.Result));
        }

        [Fact]
        public async Task Null_and_absent_times_are_null()
        {
            var task = await Read("{\"id\":\"t-1\",\"status\":\"QUEUED\",\"queued_time\":1700000000000,\"start_time\":null}");

            Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1700000000000), task.QueuedTime);
            Assert.Null(task.StartTime);
            Assert.Null(task.CompleteTime);
            Assert.Null(task.Duration);
        }

        [Fact]
        public async Task Times_are_utc_epoch_milliseconds()
        {
            var task = await Read("{\"id\":\"t-1\",\"status\":\"QUEUED\",\"queued_time\":0,\"start_time\":86400001}");

            Assert.Equal(new DateTimeOffset(1970, 1, 1, 0, 0, 0, TimeSpan.Zero), task.QueuedTime);
            Assert.Equal(new DateTimeOffset(1970, 1, 2, 0, 0, 0, 1, TimeSpan.Zero), task.StartTime);
            Assert.Equal(TimeSpan.Zero, task.StartTime?.Offset);
        }

        [Fact]
        public async Task Out_of_range_time_is_null_not_an_exception()
        {
            var task = await Read("{\"id\":\"t-1\",\"status\":\"QUEUED\",\"queued_time\":9223372036854775807}");
            Assert.Null(task.QueuedTime);
        }

        [Theory]
        [InlineData("QUEUED", SrmTaskStatus.QUEUED, false)]
        [InlineData("queued", SrmTaskStatus.QUEUED, false)]
        [InlineData("Running", SrmTaskStatus.RUNNING, false)]
        [InlineData("success", SrmTaskStatus.SUCCESS, true)]
        [InlineData(" SUCCESS ", SrmTaskStatus.SUCCESS, true)]
        [InlineData("Error", SrmTaskStatus.ERROR, true)]
        [InlineData("cancelled", SrmTaskStatus.CANCELLED, true)]
        [InlineData("CANCELED", SrmTaskStatus.UNKNOWN, false)]
        [InlineData("PAUSED", SrmTaskStatus.UNKNOWN, false)]
        [InlineData("", SrmTaskStatus.UNKNOWN, false)]
        public async Task Status_is_parsed_in_any_case_and_unknown_is_not_final(string raw, SrmTaskStatus status, bool final)
        {
            var task = await Read("{\"id\":\"t-1\",\"status\":\"" + raw + "\"}");

            Assert.Equal(status, task.Status);
            Assert.Equal(final, task.IsFinal);
            Assert.Equal(raw, task.RawStatus);
        }

        [Fact]
        public async Task Missing_status_is_unknown()
        {
            var task = await Read("{\"id\":\"t-1\"}");
            Assert.Equal(SrmTaskStatus.UNKNOWN, task.Status);
            Assert.False(task.IsFinal);
        }

        [Theory]
        [InlineData(-5, 0)]
        [InlineData(0, 0)]
        [InlineData(55, 55)]
        [InlineData(100, 100)]
        [InlineData(250, 100)]
        public async Task Progress_is_clamped_to_0_100(int sent, int expected)
        {
            var task = await Read("{\"id\":\"t-1\",\"status\":\"RUNNING\",\"progress\":" + sent + "}");
            Assert.Equal(expected, task.Progress);
        }

        [Fact]
        public async Task Unknown_properties_are_ignored()
        {
            var task = await Read(@"{""id"":""t-1"",""status"":""RUNNING"",""progress"":10,
                ""new_field"": { ""deep"": [1, 2, { ""x"": ""y"" }] }, ""another"": 3.5, ""flag"": true }");

            Assert.Equal("t-1", task.Id);
            Assert.Equal(10, task.Progress);
        }

        [Fact]
        public async Task Error_with_neither_message_nor_details_is_no_error()
        {
            var task = await Read("{\"id\":\"t-1\",\"status\":\"SUCCESS\",\"error\":{\"message\":null,\"details\":null}}");
            Assert.Null(task.Error);
        }

        [Fact]
        public async Task Task_without_an_id_is_an_invalid_response()
        {
            var ex = await Assert.ThrowsAsync<SrmApiException>(() => Read("{\"status\":\"RUNNING\"}"));
            Assert.Equal(SrmErrorKind.InvalidResponse, ex.Kind);
        }

        [Fact]
        public async Task Tasks_carry_the_connection_they_came_from()
        {
            var handler = new FakeSrmHandler();
            var connection = await TestData.Connect(handler);
            handler.Enqueue(HttpStatusCode.OK, TestData.TaskJson("t-1"));

            var task = await connection.Client.GetTaskAsync("t-1", CancellationToken.None);

            Assert.Same(connection, task.Connection);
        }

        [Fact]
        public async Task Task_list_entries_are_mapped_and_nulls_skipped()
        {
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler);
            handler.Enqueue(HttpStatusCode.OK, "{\"list\":[" + TestData.TaskJson("t-1", "success", 100) + ",null," + TestData.TaskJson("t-2") + "],\"_meta\":{\"total\":2,\"limit\":100,\"offset\":0}}");

            var tasks = await client.GetRecentTasksAsync(CancellationToken.None);

            Assert.Equal(new[] { "t-1", "t-2" }, tasks.Select(t => t.Id));
            Assert.Equal(SrmTaskStatus.SUCCESS, tasks[0].Status);
            Assert.Equal("/tasks", handler.Requests[1].ApiPathAndQuery);
        }
    }
}
