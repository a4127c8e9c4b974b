using System.Globalization;
using System.Text;

namespace Recommender.InterestEval;

/// <summary>Builds a markdown table.</summary>
internal sealed class MarkdownTable(params string[] headers)
{
    private readonly List<string[]> rows = [];

    public MarkdownTable Row(params string[] cells)
    {
        rows.Add(cells);
        return this;
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine("| " + string.Join(" | ", headers) + " |");
        text.AppendLine("|" + string.Concat(headers.Select((_, i) => i == 0 ? "---|" : "---:|")));
        foreach (var row in rows)
        {
            text.AppendLine("| " + string.Join(" | ", row) + " |");
        }
        return text.ToString();
    }

    public static string Number(double value, int decimals = 4) =>
        double.IsNaN(value) ? "-" : value.ToString("F" + decimals, CultureInfo.InvariantCulture);

    public static string Percent(double value, int decimals = 1) =>
        double.IsNaN(value) ? "-" : (100 * value).ToString("F" + decimals, CultureInfo.InvariantCulture) + "%";
}
