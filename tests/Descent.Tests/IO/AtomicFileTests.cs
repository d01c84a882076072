using Descent.IO;

namespace Descent.Tests.IO;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("descent-atomic-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Write_ReplacesContentAndLeavesNoTemporaryFile()
    {
        var path = Path.Combine(_dir, "a.txt");
        File.WriteAllText(path, "old");
        AtomicFile.WriteAllText(path, "new");
        Assert.Equal("new", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(_dir));
    }

    [Fact]
    public void Write_WhenWriterThrows_KeepsOldContent()
    {
        var path = Path.Combine(_dir, "a.txt");
        File.WriteAllText(path, "old");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.WriteByte(1);
            throw new InvalidOperationException("interrupted");
        }));
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(_dir));
    }

    [Fact]
    public void Write_ThroughSymlink_ReplacesTargetAndKeepsLink()
    {
        var target = Path.Combine(_dir, "target.txt");
        var link = Path.Combine(_dir, "link.txt");
        File.WriteAllText(target, "old");
        File.CreateSymbolicLink(link, target);
        AtomicFile.WriteAllText(link, "new");
        Assert.Equal("new", File.ReadAllText(target));
        Assert.NotNull(new FileInfo(link).LinkTarget);
    }

    [Fact]
    public void Write_ToDevNull_StreamsIntoTheDeviceInsteadOfReplacingIt()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        AtomicFile.WriteAllText("/dev/null", "discarded");
        Assert.Equal(0, new FileInfo("/dev/null").Length); // a regular file put in its place would hold 9 bytes
    }
}
