using Srm.Simulator.Json;

namespace Srm.Simulator.Endpoints;

/// <summary>
/// GET /tasks (with the list query parameters, e.g. filter_property=status&amp;filter=RUNNING&amp;filter=QUEUED; a
/// property named in POST /simulator/task-filters is refused with 400) and GET /tasks/{taskId}.
/// </summary>
public static class TaskEndpoints
{
    /// <summary>The most filter_property names POST /simulator/task-filters takes.</summary>
    public const int MaxRefusedFilters = 20;

    public static void Map(RouteGroupBuilder authenticated, SimulatorState state)
    {
        authenticated.MapGet("/tasks", (HttpRequest request) =>
        {
            if (!ListQuery.TryParse<TaskJson>(request.Query, out var query, out var error))
                return ApiResults.Error(StatusCodes.Status400BadRequest, ApiResults.BadRequest, error);
            if (query.FilterProperty is { } property && state.Behaviour.RefusedTaskFilters.Contains(property, StringComparer.OrdinalIgnoreCase))
                return ApiResults.Error(StatusCodes.Status400BadRequest, ApiResults.BadRequest, $"Filtering tasks by '{property}' is not supported.");

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
