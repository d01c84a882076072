namespace Descent.Data;

/// <summary>
/// A data file is malformed: a bad IDX header, a truncated file, a CSV cell that is not a number. The message names the file and
/// where in it the problem is (a byte offset for binary files, a line and column for text files).
/// </summary>
/// <remarks>
/// It derives from <see cref="ArgumentException"/> because the file is something the user passed in and can fix, so the CLI
/// reports it as a usage error (exit code 2) rather than as an internal failure.
/// </remarks>
public sealed class DataFormatException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The full message: file, location, problem and fix.</param>
    /// <param name="filePath">The file at fault.</param>
    /// <param name="byteOffset">The byte offset of the problem in the (decompressed) stream, or −1.</param>
    /// <param name="line">The 1-based line of the problem in a text file, or 0.</param>
    /// <param name="innerException">The underlying failure, if any (for example a corrupt gzip stream).</param>
    public DataFormatException(string message, string filePath, long byteOffset = -1, long line = 0, Exception? innerException = null)
        : base(message, innerException)
    {
        FilePath = filePath;
        ByteOffset = byteOffset;
        Line = line;
    }

    /// <summary>The file at fault.</summary>
    public string FilePath { get; }

    /// <summary>The byte offset of the problem in the (decompressed) stream, or −1 when it is not a binary-format error.</summary>
    public long ByteOffset { get; }

    /// <summary>The 1-based line of the problem for text formats, or 0.</summary>
    public long Line { get; }
}
