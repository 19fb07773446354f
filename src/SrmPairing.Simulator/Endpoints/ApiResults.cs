using Srm.Simulator.Json;

namespace Srm.Simulator.Endpoints;

/// <summary>The response shapes the API uses: JSON bodies, empty bodies (401, 404, 204) and ResponseError.</summary>
public static class ApiResults
{
    public const string InvalidPairingSpec = "INVALID_PAIRING_SPEC";
    public const string BadRequest = "BAD_REQUEST";
    public const string InternalError = "INTERNAL_SERVER_ERROR";

    public static IResult Json(object body, int statusCode = StatusCodes.Status200OK) =>
        Results.Json(body, WireJson.Options, contentType: "application/json", statusCode: statusCode);

    /// <summary>A status code with no body at all (the API's 401 and 404 have none).</summary>
    public static IResult Empty(int statusCode) => Results.StatusCode(statusCode);

    public static IResult Unauthorized() => Empty(StatusCodes.Status401Unauthorized);

    public static IResult NotFound() => Empty(StatusCodes.Status404NotFound);

    /// <summary>
    /// 202 with a Task: a plain Task as the v2 spec says, or a TaskDrResponseEntity (Task plus "_meta") as later
    /// versions document (<see cref="SpecAlternatives.TaskMeta"/>).
    /// </summary>
    public static IResult AcceptedTask(TaskSnapshot task, SpecAlternatives alternatives) => alternatives.TaskMeta
        ? Json(task.ToJson<TaskEntityJson>(), StatusCodes.Status202Accepted)
        : Json(task.ToJson<TaskJson>(), StatusCodes.Status202Accepted);

    /// <summary>A ResponseError with a fresh op_id.</summary>
    public static IResult Error(int statusCode, string errorCode, string message) =>
        Json(NewError(errorCode, message), statusCode);

    public static ResponseErrorJson NewError(string errorCode, string message) => new()
    {
        ErrorCode = errorCode,
        Message = message,
        OpId = Guid.NewGuid().ToString(),
    };
}
