using System.Globalization;
using System.Text;
using CsvHelper;

namespace Descent.Data;

/// <summary>
/// Reads a CSV file with a header row into a <see cref="TensorDataset"/>: one column is the target (by name, or the last one),
/// every other column is a numeric feature. Numbers use the invariant culture (<c>.</c> as the decimal separator) whatever the
/// machine's culture is.
/// </summary>
/// <remarks>
/// <para>Parsing is done by CsvHelper (RFC 4180 quoting, UTF-8 with byte-order-mark detection). Malformed quoting, a row with a
/// different number of fields than the header, an empty or non-numeric feature cell, a non-finite number and (for float32) a number
/// beyond float32's range are all
/// <see cref="DataFormatException"/>s naming the file, the line, the column and the offending value.</para>
/// <para>Class labels: with <see cref="CsvTask.Auto"/> a target column with any non-numeric value is a classification target.
/// The distinct labels are sorted (by value when all are numbers, else ordinally) and numbered from 0, so the mapping does not
/// depend on row order; they become <see cref="IDataset.ClassNames"/>. Regression targets have shape <c>[n, 1]</c>.</para>
/// </remarks>
public static class CsvDatasetReader
{
    /// <summary>Reads <paramref name="path"/> into a data set.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The file is malformed (see remarks).</exception>
    /// <exception cref="ArgumentException">The target column does not exist (the message suggests the closest name).</exception>
    public static TensorDataset Read(string path, CsvOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new CsvOptions();
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"CSV file not found: {path}", path);
        }

        var csvOptions = new CsvReaderOptions
        {
            Separator = options.Separator,
            HasHeader = true,
            TrackLineNumbers = true,
            FormatProvider = CultureInfo.InvariantCulture,
            MalformedData = CsvMalformedDataHandling.Throw,
            FieldCountMismatch = CsvFieldCountHandling.Throw,
            TrimWhitespace = true,
            SkipEmptyLines = true,
        };

        try
        {
            using var reader = CsvReader.FromFile(path, csvOptions);
            return ReadCore(reader, path, options);
        }
        catch (CsvFormatException e)
        {
            string at = e.LineNumber > 0 ? string.Create(CultureInfo.InvariantCulture, $", line {e.LineNumber}") : "";
            throw new DataFormatException($"CSV file {path}{at}: {e.Message}", path, line: e.LineNumber, innerException: e);
        }
    }

    private static TensorDataset ReadCore(CsvReader reader, string path, CsvOptions options)
    {
        var inv = CultureInfo.InvariantCulture;
        var headers = reader.Headers;
        if (headers.Count == 0)
        {
            throw new DataFormatException($"CSV file {path}: the file is empty; it needs a header row naming the columns", path, line: 1);
        }

        if (headers.Count < 2)
        {
            throw new DataFormatException(
                $"CSV file {path}: the header has one column (\"{headers[0]}\"); a data set needs at least one feature column and a target column (is the separator '{reader.Separator}' right?)",
                path,
                line: 1);
        }

        for (int i = 0; i < headers.Count; i++)
        {
            for (int j = 0; j < i; j++)
            {
                if (headers[i] == headers[j])
                {
                    throw new DataFormatException(string.Create(inv, $"CSV file {path}, line 1: columns {j + 1} and {i + 1} are both named \"{headers[i]}\"; column names must be unique"), path, line: 1);
                }
            }
        }

        int target = FindTarget(headers, options.Target, path);
        int featureCount = headers.Count - 1;
        var features = new List<double>();
        var targets = new List<string>();
        var numericTargets = new List<double>();
        bool allNumeric = true;
        while (reader.Read())
        {
            long line = reader.LineNumber;
            for (int c = 0; c < headers.Count; c++)
            {
                if (c == target)
                {
                    var text = reader.GetString(c);
                    if (text.Length == 0)
                    {
                        throw CellError(path, line, headers[c], text, "is empty; every row needs a target");
                    }

                    targets.Add(text);
                    if (allNumeric && TryParseNumber(reader.GetSpan(c), out double t) && double.IsFinite(t))
                    {
                        numericTargets.Add(t);
                    }
                    else
                    {
                        allNumeric = false;
                    }

                    continue;
                }

                var span = reader.GetSpan(c);
                if (span.IsEmpty)
                {
                    throw CellError(path, line, headers[c], "", "is empty; missing values are not supported (fill or drop the row)");
                }

                if (!TryParseNumber(span, out double v))
                {
                    throw CellError(path, line, headers[c], reader.GetString(c), "is not a number (numbers use '.' as the decimal separator, without thousands separators)");
                }

                if (!double.IsFinite(v))
                {
                    throw CellError(path, line, headers[c], reader.GetString(c), "is not a finite number");
                }

                if (options.DType == DType.Float32 && Math.Abs(v) > float.MaxValue)
                {
                    throw CellError(path, line, headers[c], reader.GetString(c), "is too large for float32 (at most ±3.4028235E+38); read the file as float64");
                }

                features.Add(v);
            }
        }

        int n = targets.Count;
        if (n == 0)
        {
            throw new DataFormatException($"CSV file {path}: the file has a header but no data rows", path, line: 2);
        }

        var x = Tensor.FromArray(features.ToArray(), new Shape(n, featureCount), options.DType);
        bool classification = options.Task switch
        {
            CsvTask.Classification => true,
            CsvTask.Regression => false,
            _ => !allNumeric,
        };

        if (!classification)
        {
            if (!allNumeric)
            {
                int bad = numericTargets.Count;
                throw new DataFormatException(
                    $"CSV file {path}: target column \"{headers[target]}\" has the non-numeric value \"{targets[bad]}\" (data row {bad + 1}), but the task is regression; use task=classification for class labels",
                    path);
            }

            if (options.DType == DType.Float32 && numericTargets.FindIndex(t => Math.Abs(t) > float.MaxValue) is var big and >= 0)
            {
                throw new DataFormatException(
                    string.Create(inv, $"CSV file {path}: target column \"{headers[target]}\" has the value \"{targets[big]}\" (data row {big + 1}), which is too large for float32 (at most ±3.4028235E+38); read the file as float64"),
                    path);
            }

            var y = Tensor.FromArray(numericTargets.ToArray(), new Shape(n, 1), options.DType);
            return new TensorDataset(x, y);
        }

        var names = targets.Distinct(StringComparer.Ordinal).ToList();
        if (allNumeric)
        {
            names.Sort((a, b) => double.Parse(a, NumberStyles.Float, inv).CompareTo(double.Parse(b, NumberStyles.Float, inv)));
        }
        else
        {
            names.Sort(StringComparer.Ordinal);
        }

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < names.Count; i++)
        {
            index[names[i]] = i;
        }

        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            labels[i] = index[targets[i]];
        }

        return new TensorDataset(x, labels, names.Count, names);
    }

    private static int FindTarget(IReadOnlyList<string> headers, string? name, string path)
    {
        if (name == null)
        {
            return headers.Count - 1;
        }

        for (int i = 0; i < headers.Count; i++)
        {
            if (headers[i] == name)
            {
                return i;
            }
        }

        for (int i = 0; i < headers.Count; i++)
        {
            if (string.Equals(headers[i].Trim(), name.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        var suggestion = Descent.Text.Spelling.Closest(name, headers);
        throw new ArgumentException(
            $"CSV file {path}: there is no target column \"{name}\"" + (suggestion != null ? $"; did you mean \"{suggestion}\"?" : "") +
            $" Columns: {string.Join(", ", headers)}");
    }

    private static bool TryParseNumber(ReadOnlySpan<byte> utf8, out double value) =>
        double.TryParse(utf8, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    private static DataFormatException CellError(string path, long line, string column, string value, string problem) =>
        new(string.Create(CultureInfo.InvariantCulture, $"CSV file {path}, line {line}, column \"{column}\": the value \"{Escape(value)}\" {problem}"), path, line: line);

    private static string Escape(string value)
    {
        // Keep the message on one line and readable even for binary junk.
        var sb = new StringBuilder(value.Length);
        foreach (var ch in value.Length > 60 ? value[..60] + "…" : value)
        {
            sb.Append(char.IsControl(ch) ? '?' : ch);
        }

        return sb.ToString();
    }
}
