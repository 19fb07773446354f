namespace Srm.Client.Models
{
    /// <summary>One entry of a response's <c>_meta.errors</c>: a problem with part of the returned data.</summary>
    public sealed class SrmMetaError
    {
        public SrmMetaError(string code, string message, string field)
        {
            Code = code;
            Message = message;
            Field = field;
        }

        public string Code { get; }

        public string Message { get; }

        /// <summary>A JSONPath to the affected part of the response.</summary>
        public string Field { get; }

        public override string ToString()
        {
            var text = string.IsNullOrEmpty(Code) ? Message : Code + ": " + Message;
            return string.IsNullOrEmpty(Field) ? text : text + " (" + Field + ")";
        }
    }
}
