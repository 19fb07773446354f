using SrmPairing.Simulator.Json;

namespace SrmPairing.Simulator.Endpoints;

/// <summary>GET /tasks (with the list query parameters, e.g. filter_property=id&amp;filter=a&amp;filter=b) and GET /tasks/{taskId}.</summary>
public static class TaskEndpoints
{
    public static void Map(RouteGroupBuilder authenticated, SimulatorState state)
    {
        authenticated.MapGet("/tasks", (HttpRequest request) =>
        {
            var query = ListQuery.Parse<TaskJson>(request.Query, out var error);
            if (query is null)
                return ApiResults.Error(StatusCodes.Status400BadRequest, ApiResults.BadRequest, error!);

            var all = state.GetTasks().Select(t => t.ToJson<TaskJson>());
            var page = query.Apply(all, out var total);
            return ApiResults.Json(new TaskListJson
            {
                List = page,
                Meta = new MetadataListJson { Total = total, Offset = query.Offset, Limit = query.Limit },
            });
        });

        authenticated.MapGet("/tasks/{taskId}", (string taskId) =>
        {
            var task = state.GetTask(taskId);
            return task is null ? ApiResults.NotFound() : ApiResults.Json(task.ToJson<TaskEntityJson>());
        });
    }
}
