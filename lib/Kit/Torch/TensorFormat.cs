using System.Globalization;
using System.Net;
using System.Text;
using Kit.Display;

namespace Kit.Torch;

public partial class Tensor : IMimeRenderable
{
    /// <summary>
    /// How a notebook shows a tensor: its values laid out as PyTorch's repr does (4 decimals, or scientific notation
    /// when magnitudes differ by more than 1000x; tensors over 1,000 elements elided to 3 items at each edge of each
    /// dimension), with shape, dtype and device; as text and as HTML.
    /// </summary>
    public MimeBundle ToMimeBundle() => TensorFormat.Bundle(this);
}

/// <summary>
/// PyTorch's tensor printout rules (torch/_tensor_str.py's defaults: precision 4, threshold 1000, edge items 3, line
/// width 80), re-implemented over the kit's tensors for notebook display.
/// </summary>
public static class TensorFormat
{
    /// <summary>Elements above which a tensor is elided; items kept at each edge; characters per line.</summary>
    public const int Threshold = 1000, EdgeItems = 3, LineWidth = 80;
    private const string Prefix = "tensor(";

    /// <summary>Text and HTML renderings of <paramref name="tensor"/>.</summary>
    public static MimeBundle Bundle(Tensor tensor)
    {
        if (tensor.IsDisposed) return new MimeBundle("tensor(disposed)");
        var (values, summarized) = Values(tensor);
        var facts = $"shape={Tensor.ShapeString(tensor.shape)}, dtype={tensor.dtype.Name()}, device={tensor.device}"
                    + (tensor.requires_grad ? ", requires_grad=True" : "");
        var text = $"{Prefix}{values}, {facts})";
        var html = new StringBuilder("<div class=\"kit-tensor\"><div style=\"font-family:monospace;color:#555\">")
            .Append(WebUtility.HtmlEncode($"Tensor {Tensor.ShapeString(tensor.shape)} {tensor.dtype.Name()} on {tensor.device}"))
            .Append(tensor.requires_grad ? " (requires grad)" : "")
            .Append(summarized ? $" — {tensor.numel():N0} values, edges shown" : "")
            .Append("</div><pre style=\"margin:0.3em 0\">")
            .Append(WebUtility.HtmlEncode(values))
            .Append("</pre></div>");
        return new MimeBundle(text).With(MimeBundle.Html, html.ToString());
    }

    /// <summary>The values part of the printout ("[[1., 2.], [3., 4.]]" laid out), and whether it was elided.</summary>
    public static (string Text, bool Summarized) Values(Tensor tensor)
    {
        var shape = tensor.shape;
        if (shape.Any(s => s == 0)) return ("[]", false);
        var summarized = tensor.numel() > Threshold;
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var (data, kept) = Edges(tensor, summarized);
        var kind = tensor.dtype.IsFloatingPoint() ? Kind.Float : tensor.dtype == ScalarType.Bool ? Kind.Bool : Kind.Integer;
        var numbers = kind == Kind.Float
            ? data.to(ScalarType.Float64).cpu().ToArray<double>()
            : data.to(ScalarType.Int64).cpu().ToArray<long>().Select(v => (double)v).ToArray();
        var format = new NumberFormat(kind, numbers);
        if (shape.Length == 0) return (format.Format(numbers[0]), false);
        var text = new StringBuilder();
        Layout(text, numbers, kept, shape, summarized, format, dim: 0, offset: 0, indent: Prefix.Length);
        return (text.ToString(), summarized);
    }

    /// <summary>The tensor reduced to its first and last <see cref="EdgeItems"/> along every long dimension, and the kept sizes.</summary>
    private static (Tensor Data, long[] Kept) Edges(Tensor tensor, bool summarized)
    {
        var shape = tensor.shape;
        var data = tensor;
        var kept = (long[])shape.Clone();
        if (!summarized) return (data, kept);
        for (var d = 0; d < shape.Length; d++)
        {
            if (shape[d] <= 2 * EdgeItems) continue;
            var n = shape[d];
            var index = torch.tensor(new long[] { 0, 1, 2, n - 3, n - 2, n - 1 }, device: tensor.device);
            data = data.index_select(d, index);
            kept[d] = 2 * EdgeItems;
        }
        return (data, kept);
    }

    private static void Layout(StringBuilder text, double[] numbers, long[] kept, long[] shape, bool summarized, NumberFormat format, int dim, long offset, int indent)
    {
        var elided = summarized && shape[dim] > 2 * EdgeItems;
        var count = (int)kept[dim];
        var stride = 1L;
        for (var d = dim + 1; d < kept.Length; d++) stride *= kept[d];
        var items = new List<string>();
        if (dim == kept.Length - 1)
        {
            for (var i = 0; i < count; i++)
            {
                if (elided && i == EdgeItems) items.Add(" ...");
                items.Add(format.Format(numbers[offset + i]));
            }
            var perLine = Math.Max(1, (LineWidth - indent) / (format.Width + 2));
            var lines = items.Chunk(perLine).Select(chunk => string.Join(", ", chunk));
            text.Append('[').AppendJoin(",\n" + new string(' ', indent + 1), lines).Append(']');
            return;
        }
        var separator = "," + new string('\n', kept.Length - dim - 1) + new string(' ', indent + 1);
        text.Append('[');
        for (var i = 0; i < count; i++)
        {
            if (i > 0) text.Append(separator);
            if (elided && i == EdgeItems) text.Append("...").Append(separator);
            Layout(text, numbers, kept, shape, summarized, format, dim + 1, offset + i * stride, indent + 1);
        }
        text.Append(']');
    }

    private enum Kind { Float, Integer, Bool }

    /// <summary>One format for every element, chosen from all of them, so columns line up.</summary>
    private sealed class NumberFormat
    {
        private readonly Kind _kind;
        private readonly bool _integral, _scientific;

        public NumberFormat(Kind kind, double[] values)
        {
            _kind = kind;
            if (kind != Kind.Float)
            {
                Width = values.Select(v => Plain(v).Length).DefaultIfEmpty(1).Max();
                return;
            }
            var magnitudes = values.Where(v => double.IsFinite(v) && v != 0).Select(Math.Abs).ToList();
            _integral = magnitudes.All(v => v == Math.Ceiling(v));
            if (magnitudes.Count > 0)
            {
                double min = magnitudes.Min(), max = magnitudes.Max();
                _scientific = max / min > 1000 || max > 1e8 || (!_integral && min < 1e-4);
            }
            var finite = values.Where(v => double.IsFinite(v) && v != 0);
            Width = finite.Select(v => Plain(v).Length).DefaultIfEmpty(1).Max();
        }

        public int Width { get; }

        public string Format(double value)
        {
            var plain = Plain(value);
            return plain.Length >= Width ? plain : new string(' ', Width - plain.Length) + plain;
        }

        private string Plain(double value)
        {
            if (_kind == Kind.Bool) return value != 0 ? "True" : "False";
            if (_kind == Kind.Integer) return ((long)value).ToString(CultureInfo.InvariantCulture);
            if (double.IsNaN(value)) return "nan";
            if (double.IsInfinity(value)) return value > 0 ? "inf" : "-inf";
            if (_scientific) return value.ToString("0.0000e+00", CultureInfo.InvariantCulture);
            return _integral ? value.ToString("F0", CultureInfo.InvariantCulture) + "." : value.ToString("F4", CultureInfo.InvariantCulture);
        }
    }
}
