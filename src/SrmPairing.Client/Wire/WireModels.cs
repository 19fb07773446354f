using System.Collections.Generic;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

// The JSON shapes of the SRM REST API v2 (components/schemas of the OpenAPI spec). Unknown properties are ignored.
// Every reference is nullable: a server may leave out any property, so WireMapper checks each one it reads.
namespace Srm.Client.Wire
{
    internal sealed class SessionIdData
    {
        [JsonProperty("session_id")] public string? SessionId { get; set; }
    }

    internal sealed class ResponseError
    {
        [JsonProperty("error_code")] public string? ErrorCode { get; set; }
        [JsonProperty("message")] public string? Message { get; set; }
        [JsonProperty("op_id")] public string? OpId { get; set; }
    }

    internal sealed class MetaError
    {
        [JsonProperty("code")] public string? Code { get; set; }
        [JsonProperty("message")] public string? Message { get; set; }
        [JsonProperty("field")] public string? Field { get; set; }
    }

    internal sealed class Metadata
    {
        [JsonProperty("errors")] public List<MetaError>? Errors { get; set; }
        [JsonProperty("total")] public long? Total { get; set; }
    }

    internal sealed class TaskError
    {
        [JsonProperty("message")] public string? Message { get; set; }
        [JsonProperty("details")] public string? Details { get; set; }
    }

    internal sealed class TaskData
    {
        [JsonProperty("id")] public string? Id { get; set; }
        [JsonProperty("description")] public string? Description { get; set; }
        [JsonProperty("description_id")] public string? DescriptionId { get; set; }
        [JsonProperty("entity")] public string? Entity { get; set; }
        [JsonProperty("entity_name")] public string? EntityName { get; set; }
        [JsonProperty("status")] public string? Status { get; set; }
        [JsonProperty("error")] public TaskError? Error { get; set; }
        [JsonProperty("result")] public JToken? Result { get; set; }
        [JsonProperty("progress")] public int? Progress { get; set; }
        [JsonProperty("queued_time")] public long? QueuedTime { get; set; }
        [JsonProperty("start_time")] public long? StartTime { get; set; }
        [JsonProperty("complete_time")] public long? CompleteTime { get; set; }
        [JsonProperty("_meta")] public Metadata? Meta { get; set; }
    }

    internal sealed class TaskList
    {
        [JsonProperty("list")] public List<TaskData>? List { get; set; }
        [JsonProperty("_meta")] public Metadata? Meta { get; set; }
    }

    internal sealed class ServerInfo
    {
        [JsonProperty("id")] public string? Id { get; set; }
        [JsonProperty("url")] public string? Url { get; set; }
        [JsonProperty("name")] public string? Name { get; set; }
        [JsonProperty("server_status")] public string? ServerStatus { get; set; }
        [JsonProperty("version")] public string? Version { get; set; }
    }

    internal sealed class PairingData
    {
        [JsonProperty("pairing_id")] public string? PairingId { get; set; }
        [JsonProperty("local_vc_server")] public ServerInfo? LocalVcServer { get; set; }
        [JsonProperty("remote_vc_server")] public ServerInfo? RemoteVcServer { get; set; }
        [JsonProperty("local_srm_server")] public ServerInfo? LocalSrmServer { get; set; }
        [JsonProperty("remote_srm_server")] public ServerInfo? RemoteSrmServer { get; set; }
        [JsonProperty("_meta")] public Metadata? Meta { get; set; }
    }

    internal sealed class PairingList
    {
        [JsonProperty("list")] public List<PairingData>? List { get; set; }
        [JsonProperty("_meta")] public Metadata? Meta { get; set; }
    }

    internal sealed class SrmInfo
    {
        [JsonProperty("id")] public string? Id { get; set; }
        [JsonProperty("url")] public string? Url { get; set; }
        [JsonProperty("name")] public string? Name { get; set; }
        [JsonProperty("server_status")] public string? ServerStatus { get; set; }
        [JsonProperty("version")] public string? Version { get; set; }
        [JsonProperty("vc_guid")] public string? VcGuid { get; set; }
        [JsonProperty("vc_name")] public string? VcName { get; set; }
        [JsonProperty("extension_key")] public string? ExtensionKey { get; set; }
        [JsonProperty("_meta")] public Metadata? Meta { get; set; }
    }
}
