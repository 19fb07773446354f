using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Srm.Simulator.Json;

/// <summary>Task: the body of POST /pairings (202) and an entry of GET /tasks. Nullable fields are always written, as null when unset.</summary>
public class TaskJson
{
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("description")] public string Description { get; set; } = "";
    [JsonPropertyName("description_id")] public string DescriptionId { get; set; } = "";
    [JsonPropertyName("entity")] public string? Entity { get; set; }
    [JsonPropertyName("entity_name")] public string? EntityName { get; set; }
    [JsonPropertyName("status")] public string Status { get; set; } = "";
    [JsonPropertyName("error")] public TaskErrorJson? Error { get; set; }
    [JsonPropertyName("result")] public JsonNode? Result { get; set; }
    [JsonPropertyName("progress")] public int Progress { get; set; }
    [JsonPropertyName("queued_time")] public long? QueuedTime { get; set; }
    [JsonPropertyName("start_time")] public long? StartTime { get; set; }
    [JsonPropertyName("complete_time")] public long? CompleteTime { get; set; }
}

/// <summary>TaskError: why a task ended in ERROR.</summary>
public sealed class TaskErrorJson
{
    [JsonPropertyName("message")] public string? Message { get; set; }
    [JsonPropertyName("details")] public string? Details { get; set; }
}

/// <summary>TaskDrResponseEntity: the body of GET /tasks/{taskId} (Task plus "_meta").</summary>
public sealed class TaskEntityJson : TaskJson
{
    [JsonPropertyName("_meta"), JsonPropertyOrder(100)] public MetadataJson Meta { get; set; } = new();
}

/// <summary>TaskDrResponseList: the body of GET /tasks.</summary>
public sealed class TaskListJson
{
    [JsonPropertyName("list")] public List<TaskJson> List { get; set; } = [];
    [JsonPropertyName("_meta")] public MetadataListJson Meta { get; set; } = new();
}
