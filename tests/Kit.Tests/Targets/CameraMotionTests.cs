using Kit.Targets;
using static Kit.Torch.torch;

namespace Kit.Tests.Targets;

public class CameraMotionTests
{
    [Fact]
    public void AffineCompensationRemovesZoomAndPanButKeepsLocalMotion()
    {
        using var scope = NewDisposeScope();
        var grid = Kit.Targets.FlowOps.PixelGrid(16, 16, CPU).permute(0, 3, 1, 2); // (1, 2, H, W): (x, y)
        var camera = grid * 0.05 + tensor(new float[] { 1.5f, -2f }, [1, 2, 1, 1]);
        var local = zeros(1, 2, 16, 16);
        local[0, 0, 7..9, 7..9] = full([2, 2], 3.0);
        var left = CameraMotion.Remove(camera + local, CameraCompensation.Affine);
        // the small local patch slightly biases the global fit, but the camera part is gone and the patch remains
        Assert.True(left[0, .., 0..4, 0..4].abs().max().item<float>() < 0.1);
        Assert.True(left[0, 0, 7, 7].item<float>() > 2.8);
        var pan = CameraMotion.Remove(Synthetic.ConstantFlow(1, 1, 8, 8, 2, 1).reshape(1, 2, 8, 8), CameraCompensation.Translation);
        Assert.True(pan.abs().max().item<float>() < 1e-6);
        var none = CameraMotion.Remove(camera, CameraCompensation.None);
        Assert.True(none.allclose(camera));
    }
}
