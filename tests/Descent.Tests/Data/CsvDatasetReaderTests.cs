using System.Globalization;
using Descent.Data;
using static Descent.Tests.Data.DataTestUtil;

namespace Descent.Tests.Data;

public class CsvDatasetReaderTests
{
    [Fact]
    public void Read_NumericTarget_IsRegressionOnLastColumn()
    {
        using var dir = new TempDir();
        var path = Write(dir, "x1,x2,y\n1,2,3.5\n4,5,-6e-1\n");
        var d = CsvDatasetReader.Read(path);
        Assert.Equal(0, d.ClassCount);
        Assert.Equal(new[] { 2, 2 }, d.Features.Shape.ToArray());
        Assert.Equal(new[] { 2, 1 }, d.Targets.Shape.ToArray());
        Assert.Equal(new double[] { 1, 2, 4, 5 }, d.Features.ToArray());
        Assert.Equal(new double[] { 3.5f, -0.6f }, d.Targets.ToArray());
    }

    [Fact]
    public void Read_TargetByName_ExcludesItFromFeatures()
    {
        using var dir = new TempDir();
        var path = Write(dir, "a,label,b\n1,10,2\n3,20,4\n");
        var d = CsvDatasetReader.Read(path, new CsvOptions { Target = "label" });
        Assert.Equal(new double[] { 1, 2, 3, 4 }, d.Features.ToArray());
        Assert.Equal(new double[] { 10, 20 }, d.Targets.ToArray());
    }

    [Fact]
    public void Read_StringLabels_MapToSortedClassIndices()
    {
        using var dir = new TempDir();
        var path = Write(dir, "f,species\n1,versicolor\n2,setosa\n3,virginica\n4,setosa\n");
        var d = CsvDatasetReader.Read(path, new CsvOptions { Target = "species" });
        Assert.Equal(3, d.ClassCount);
        Assert.Equal(new[] { "setosa", "versicolor", "virginica" }, d.ClassNames);
        Assert.Equal(new[] { 1, 0, 2, 0 }, d.Labels.ToArray());
        Assert.Equal(new double[] { 1, 0, 2, 0 }, d.Targets.ToArray());
    }

    [Fact]
    public void Read_NumericLabelsAsClasses_SortNumerically()
    {
        using var dir = new TempDir();
        var path = Write(dir, "f,digit\n1,10\n2,9\n3,2\n");
        var d = CsvDatasetReader.Read(path, new CsvOptions { Task = CsvTask.Classification });
        Assert.Equal(new[] { "2", "9", "10" }, d.ClassNames);
        Assert.Equal(new[] { 2, 1, 0 }, d.Labels.ToArray());
    }

    [Fact]
    public void Read_QuotedFields_AreUnquoted()
    {
        using var dir = new TempDir();
        var path = Write(dir, "\"x\",\"class\"\n\"1.5\",\"a, b\"\n2,c\n");
        var d = CsvDatasetReader.Read(path);
        Assert.Equal(new[] { "a, b", "c" }, d.ClassNames);
    }

    [Fact]
    public void Read_BadCell_NamesFileLineColumnAndValue()
    {
        using var dir = new TempDir();
        var path = Write(dir, "x1,x2,y\n1,2,3\n4,five,6\n");
        var e = Assert.Throws<DataFormatException>(() => CsvDatasetReader.Read(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("line 3", e.Message, StringComparison.Ordinal);
        Assert.Contains("column \"x2\"", e.Message, StringComparison.Ordinal);
        Assert.Contains("\"five\"", e.Message, StringComparison.Ordinal);
        Assert.Equal(3, e.Line);
    }

    [Fact]
    public void Read_DecimalComma_IsRejectedWithHint()
    {
        using var dir = new TempDir();
        var path = Write(dir, "x;y\n1,5;2\n", "data.csv");
        var e = Assert.Throws<DataFormatException>(() => CsvDatasetReader.Read(path, new CsvOptions { Separator = ';' }));
        Assert.Contains("'.' as the decimal separator", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EmptyCell_IsAnError()
    {
        using var dir = new TempDir();
        var path = Write(dir, "x1,x2,y\n1,,3\n");
        var e = Assert.Throws<DataFormatException>(() => CsvDatasetReader.Read(path));
        Assert.Contains("line 2, column \"x2\"", e.Message, StringComparison.Ordinal);
        Assert.Contains("is empty", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NonFiniteFeature_IsAnError()
    {
        using var dir = new TempDir();
        var path = Write(dir, "x,y\nNaN,1\n");
        var e = Assert.Throws<DataFormatException>(() => CsvDatasetReader.Read(path));
        Assert.Contains("not a finite number", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WrongFieldCount_NamesLine()
    {
        using var dir = new TempDir();
        var path = Write(dir, "a,b,c\n1,2,3\n4,5\n");
        var e = Assert.Throws<DataFormatException>(() => CsvDatasetReader.Read(path));
        Assert.Contains("line 3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UnknownTarget_SuggestsClosestColumn()
    {
        using var dir = new TempDir();
        var path = Write(dir, "sepal,label\n1,a\n");
        var e = Assert.Throws<ArgumentException>(() => CsvDatasetReader.Read(path, new CsvOptions { Target = "lable" }));
        Assert.Contains("did you mean \"label\"", e.Message, StringComparison.Ordinal);
        Assert.Contains("Columns: sepal, label", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TargetNameCaseInsensitive_Matches()
    {
        using var dir = new TempDir();
        var path = Write(dir, "x,Price\n1,2\n");
        Assert.Equal(new double[] { 2 }, CsvDatasetReader.Read(path, new CsvOptions { Target = "price" }).Targets.ToArray());
    }

    [Fact]
    public void Read_RegressionWithTextTarget_Throws()
    {
        using var dir = new TempDir();
        var path = Write(dir, "x,y\n1,2\n3,cat\n");
        var e = Assert.Throws<DataFormatException>(() => CsvDatasetReader.Read(path, new CsvOptions { Task = CsvTask.Regression }));
        Assert.Contains("\"cat\"", e.Message, StringComparison.Ordinal);
        Assert.Contains("task=classification", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_HeaderOnly_Throws()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<DataFormatException>(() => CsvDatasetReader.Read(Write(dir, "x,y\n")));
        Assert.Contains("no data rows", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EmptyFile_Throws()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<DataFormatException>(() => CsvDatasetReader.Read(Write(dir, "")));
        Assert.Contains("the file is empty", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ByteOrderMarkAndCrLf_AreHandled()
    {
        using var dir = new TempDir();
        var path = dir.File("bom.csv");
        File.WriteAllText(path, "x,y\r\n0.5,1\r\n1.5,2\r\n", new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        var d = CsvDatasetReader.Read(path, new CsvOptions { Target = "x", Task = CsvTask.Regression });
        Assert.Equal(new double[] { 0.5, 1.5 }, d.Targets.ToArray());
    }

    [Fact]
    public void Read_DuplicateColumns_Throws()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<DataFormatException>(() => CsvDatasetReader.Read(Write(dir, "x,x,y\n1,2,3\n")));
        Assert.Contains("both named \"x\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UnderGermanCulture_UsesInvariantNumbers()
    {
        using var dir = new TempDir();
        var path = Write(dir, "x,y\n1.5,2.25\n");
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            var d = CsvDatasetReader.Read(path, new CsvOptions { DType = DType.Float64 });
            Assert.Equal(new[] { 1.5 }, d.Features.ToArray());
            Assert.Equal(new[] { 2.25 }, d.Targets.ToArray());
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    private static string Write(TempDir dir, string text, string name = "data.csv")
    {
        var path = dir.File(name);
        File.WriteAllText(path, text);
        return path;
    }
}
