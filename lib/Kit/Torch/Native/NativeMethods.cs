using System.Runtime.InteropServices;

namespace Kit.Torch.Native;

/// <summary>
/// P/Invoke declarations for libkitnative (lib/native/src). One line per C entry point, same names and argument order.
/// Functions that return a handle return IntPtr.Zero on failure; functions that return int return non-zero on failure;
/// in both cases the message waits in kit_take_error().
/// </summary>
internal static class NativeMethods
{
    internal const string Lib = "kitnative";

    static NativeMethods() => NativeLoader.EnsureRegistered();

    // common.cpp
    [DllImport(Lib)] internal static extern IntPtr kit_take_error();
    [DllImport(Lib)] internal static extern int kit_has_error();
    [DllImport(Lib)] internal static extern IntPtr kit_torch_version();
    [DllImport(Lib)] internal static extern int kit_set_num_threads(int n);
    [DllImport(Lib)] internal static extern int kit_get_num_threads();
    [DllImport(Lib)] internal static extern int kit_malloc_tuned();
    [DllImport(Lib)] internal static extern long kit_malloc_mmapped_blocks();
    [DllImport(Lib)] internal static extern IntPtr kit_omp_wait_policy_at_load();
    [DllImport(Lib)] internal static extern IntPtr kit_gomp_spin_count_at_load();
    [DllImport(Lib)] internal static extern IntPtr kit_openblas_thread_timeout_at_load();
    [DllImport(Lib)] internal static extern int kit_cuda_is_available();
    [DllImport(Lib)] internal static extern int kit_cuda_device_count();
    [DllImport(Lib)] internal static extern int kit_cuda_synchronize(int device);
    [DllImport(Lib)] internal static extern int kit_manual_seed(ulong seed);
    [DllImport(Lib)] internal static extern IntPtr kit_get_rng_state();
    [DllImport(Lib)] internal static extern int kit_set_rng_state(IntPtr state);
    [DllImport(Lib)] internal static extern int kit_is_grad_enabled();
    [DllImport(Lib)] internal static extern void kit_set_grad_enabled(int enabled);

    // tensor_create.cpp
    [DllImport(Lib)] internal static extern void kit_tensor_free(IntPtr t);
    [DllImport(Lib)] internal static extern IntPtr kit_empty(long[] shape, int ndim, int dtype, int dev, int idx, int rg);
    [DllImport(Lib)] internal static extern IntPtr kit_zeros(long[] shape, int ndim, int dtype, int dev, int idx, int rg);
    [DllImport(Lib)] internal static extern IntPtr kit_ones(long[] shape, int ndim, int dtype, int dev, int idx, int rg);
    [DllImport(Lib)] internal static extern IntPtr kit_full(long[] shape, int ndim, double value, int dtype, int dev, int idx, int rg);
    [DllImport(Lib)] internal static extern IntPtr kit_arange(double start, double end, double step, int dtype, int dev, int idx, int rg);
    [DllImport(Lib)] internal static extern IntPtr kit_linspace(double start, double end, long steps, int dtype, int dev, int idx, int rg);
    [DllImport(Lib)] internal static extern IntPtr kit_rand(long[] shape, int ndim, int dtype, int dev, int idx, int rg);
    [DllImport(Lib)] internal static extern IntPtr kit_randn(long[] shape, int ndim, int dtype, int dev, int idx, int rg);
    [DllImport(Lib)] internal static extern IntPtr kit_randint(long low, long high, long[] shape, int ndim, int dtype, int dev, int idx);
    [DllImport(Lib)] internal static extern IntPtr kit_randperm(long n, int dtype, int dev, int idx);
    [DllImport(Lib)] internal static extern unsafe IntPtr kit_from_data(void* data, long[] shape, int ndim, int dtype, int dev, int idx, int rg);
    [DllImport(Lib)] internal static extern unsafe int kit_copy_out(IntPtr t, void* dst, long nbytes);
    [DllImport(Lib)] internal static extern int kit_tensor_dim(IntPtr t);
    [DllImport(Lib)] internal static extern void kit_tensor_sizes(IntPtr t, long[] output);
    [DllImport(Lib)] internal static extern void kit_tensor_strides(IntPtr t, long[] output);
    [DllImport(Lib)] internal static extern int kit_tensor_dtype(IntPtr t);
    [DllImport(Lib)] internal static extern int kit_tensor_device_type(IntPtr t);
    [DllImport(Lib)] internal static extern int kit_tensor_device_index(IntPtr t);
    [DllImport(Lib)] internal static extern long kit_tensor_numel(IntPtr t);
    [DllImport(Lib)] internal static extern int kit_tensor_requires_grad(IntPtr t);
    [DllImport(Lib)] internal static extern int kit_tensor_is_contiguous(IntPtr t);
    [DllImport(Lib)] internal static extern int kit_tensor_is_leaf(IntPtr t);
    [DllImport(Lib)] internal static extern long kit_tensor_element_size(IntPtr t);
    [DllImport(Lib)] internal static extern IntPtr kit_tensor_data_ptr(IntPtr t);
    [DllImport(Lib)] internal static extern double kit_item_double(IntPtr t);
    [DllImport(Lib)] internal static extern long kit_item_long(IntPtr t);
    [DllImport(Lib)] internal static extern unsafe int kit_tensor_to_string(IntPtr t, byte* buf, int cap);
    [DllImport(Lib)] internal static extern IntPtr kit_clone(IntPtr t);
    [DllImport(Lib)] internal static extern IntPtr kit_alias(IntPtr t);
    [DllImport(Lib)] internal static extern IntPtr kit_detach(IntPtr t);
    [DllImport(Lib)] internal static extern IntPtr kit_contiguous(IntPtr t);
    [DllImport(Lib)] internal static extern IntPtr kit_to(IntPtr t, int dtype, int dev, int idx, int copy);
    [DllImport(Lib)] internal static extern int kit_copy_(IntPtr dst, IntPtr src);
    [DllImport(Lib)] internal static extern int kit_requires_grad_(IntPtr t, int value);
    [DllImport(Lib)] internal static extern int kit_uniform_(IntPtr t, double a, double b);
    [DllImport(Lib)] internal static extern int kit_normal_(IntPtr t, double mean, double std);
    [DllImport(Lib)] internal static extern int kit_fill_(IntPtr t, double value);
    [DllImport(Lib)] internal static extern IntPtr kit_bernoulli(IntPtr p);
    [DllImport(Lib)] internal static extern IntPtr kit_multinomial(IntPtr p, long n, int replacement);

    // tensor_shape.cpp
    [DllImport(Lib)] internal static extern IntPtr kit_reshape(IntPtr t, long[] shape, int n);
    [DllImport(Lib)] internal static extern IntPtr kit_view(IntPtr t, long[] shape, int n);
    [DllImport(Lib)] internal static extern IntPtr kit_permute(IntPtr t, long[] order, int n);
    [DllImport(Lib)] internal static extern IntPtr kit_transpose(IntPtr t, long d0, long d1);
    [DllImport(Lib)] internal static extern IntPtr kit_flatten(IntPtr t, long start, long end);
    [DllImport(Lib)] internal static extern IntPtr kit_unsqueeze(IntPtr t, long d);
    [DllImport(Lib)] internal static extern IntPtr kit_squeeze(IntPtr t, long d, int all);
    [DllImport(Lib)] internal static extern IntPtr kit_expand(IntPtr t, long[] shape, int n);
    [DllImport(Lib)] internal static extern IntPtr kit_repeat(IntPtr t, long[] reps, int n);
    [DllImport(Lib)] internal static extern IntPtr kit_flip(IntPtr t, long[] dims, int n);
    [DllImport(Lib)] internal static extern IntPtr kit_roll(IntPtr t, long[] shifts, long[] dims, int n);
    [DllImport(Lib)] internal static extern IntPtr kit_cat(IntPtr[] ts, int n, long dim);
    [DllImport(Lib)] internal static extern IntPtr kit_stack(IntPtr[] ts, int n, long dim);
    [DllImport(Lib)] internal static extern IntPtr kit_narrow(IntPtr t, long dim, long start, long length);
    [DllImport(Lib)] internal static extern IntPtr kit_select(IntPtr t, long dim, long index);
    [DllImport(Lib)] internal static extern IntPtr kit_slice(IntPtr t, long dim, long start, long end, long step);
    [DllImport(Lib)] internal static extern IntPtr kit_unfold(IntPtr t, long dim, long size, long step);
    [DllImport(Lib)] internal static extern IntPtr kit_index_select(IntPtr t, long dim, IntPtr index);
    [DllImport(Lib)] internal static extern IntPtr kit_gather(IntPtr t, long dim, IntPtr index);
    [DllImport(Lib)] internal static extern IntPtr kit_scatter(IntPtr t, long dim, IntPtr index, IntPtr src);
    [DllImport(Lib)] internal static extern IntPtr kit_scatter_value(IntPtr t, long dim, IntPtr index, double value);
    [DllImport(Lib)] internal static extern IntPtr kit_scatter_add(IntPtr t, long dim, IntPtr index, IntPtr src);
    [DllImport(Lib)] internal static extern IntPtr kit_index_add(IntPtr t, long dim, IntPtr index, IntPtr src);
    [DllImport(Lib)] internal static extern IntPtr kit_masked_select(IntPtr t, IntPtr mask);
    [DllImport(Lib)] internal static extern IntPtr kit_masked_fill(IntPtr t, IntPtr mask, double value);
    [DllImport(Lib)] internal static extern IntPtr kit_masked_fill_tensor(IntPtr t, IntPtr mask, IntPtr value);
    [DllImport(Lib)] internal static extern IntPtr kit_where(IntPtr cond, IntPtr a, IntPtr b);
    [DllImport(Lib)] internal static extern IntPtr kit_where_scalar(IntPtr cond, IntPtr a, double b);
    [DllImport(Lib)] internal static extern IntPtr kit_nonzero(IntPtr t);
    [DllImport(Lib)] internal static extern IntPtr kit_one_hot(IntPtr t, long numClasses);
    [DllImport(Lib)] internal static extern IntPtr kit_tril(IntPtr t, long k);
    [DllImport(Lib)] internal static extern IntPtr kit_triu(IntPtr t, long k);
    [DllImport(Lib)] internal static extern IntPtr kit_index(IntPtr t, int[] kinds, long[] values, IntPtr[] tensors, int n);
    [DllImport(Lib)] internal static extern int kit_index_put_(IntPtr t, int[] kinds, long[] values, IntPtr[] tensors, int n, IntPtr value);
    [DllImport(Lib)] internal static extern int kit_index_put_scalar_(IntPtr t, int[] kinds, long[] values, IntPtr[] tensors, int n, double value);

    // tensor_math.cpp
    [DllImport(Lib)] internal static extern IntPtr kit_unary(int op, IntPtr t);
    [DllImport(Lib)] internal static extern int kit_unary_(int op, IntPtr t);
    [DllImport(Lib)] internal static extern IntPtr kit_binary(int op, IntPtr a, IntPtr b);
    [DllImport(Lib)] internal static extern IntPtr kit_binary_scalar(int op, IntPtr a, double s, int reverse);
    [DllImport(Lib)] internal static extern int kit_binary_(int op, IntPtr a, IntPtr b);
    [DllImport(Lib)] internal static extern int kit_binary_scalar_(int op, IntPtr a, double s);
    [DllImport(Lib)] internal static extern IntPtr kit_clamp(IntPtr t, double lo, int hasLo, double hi, int hasHi);
    [DllImport(Lib)] internal static extern int kit_clamp_(IntPtr t, double lo, int hasLo, double hi, int hasHi);
    [DllImport(Lib)] internal static extern IntPtr kit_lerp(IntPtr a, IntPtr b, double w);
    [DllImport(Lib)] internal static extern IntPtr kit_reduce(int op, IntPtr t, long[]? dims, int n, int keepdim, int dtype);
    [DllImport(Lib)] internal static extern IntPtr kit_var_std(IntPtr t, long[]? dims, int n, int unbiased, int keepdim, int isStd);
    [DllImport(Lib)] internal static extern IntPtr kit_norm(IntPtr t, double p, long[]? dims, int n, int keepdim);
    [DllImport(Lib)] internal static extern int kit_max_dim(IntPtr t, long dim, int keepdim, int isMin, out IntPtr values, out IntPtr indices);
    [DllImport(Lib)] internal static extern IntPtr kit_argmax(IntPtr t, long dim, int hasDim, int keepdim, int isMin);
    [DllImport(Lib)] internal static extern int kit_topk(IntPtr t, long k, long dim, int largest, int sorted, out IntPtr values, out IntPtr indices);
    [DllImport(Lib)] internal static extern int kit_sort(IntPtr t, long dim, int descending, int stable, out IntPtr values, out IntPtr indices);
    [DllImport(Lib)] internal static extern IntPtr kit_median(IntPtr t);
    [DllImport(Lib)] internal static extern int kit_median_dim(IntPtr t, long dim, int keepdim, out IntPtr values, out IntPtr indices);
    [DllImport(Lib)] internal static extern IntPtr kit_cumsum(IntPtr t, long dim);
    [DllImport(Lib)] internal static extern IntPtr kit_matmul(IntPtr a, IntPtr b);
    [DllImport(Lib)] internal static extern IntPtr kit_mm(IntPtr a, IntPtr b);
    [DllImport(Lib)] internal static extern IntPtr kit_bmm(IntPtr a, IntPtr b);
    [DllImport(Lib)] internal static extern IntPtr kit_einsum([MarshalAs(UnmanagedType.LPUTF8Str)] string equation, IntPtr[] ts, int n);
    [DllImport(Lib)] internal static extern int kit_allclose(IntPtr a, IntPtr b, double rtol, double atol);

    // nn_functional.cpp
    [DllImport(Lib)] internal static extern IntPtr kit_softmax(IntPtr t, long dim, int log);
    [DllImport(Lib)] internal static extern IntPtr kit_layer_norm(IntPtr x, long[] shape, int n, IntPtr w, IntPtr b, double eps);
    [DllImport(Lib)] internal static extern IntPtr kit_gelu(IntPtr x, int tanhApprox);
    [DllImport(Lib)] internal static extern IntPtr kit_dropout(IntPtr x, double p, int train);
    [DllImport(Lib)] internal static extern IntPtr kit_linear(IntPtr x, IntPtr w, IntPtr b);
    [DllImport(Lib)] internal static extern IntPtr kit_conv(IntPtr x, IntPtr w, IntPtr b, long[] stride, long[] padding, long[] dilation, int nd, long groups);
    [DllImport(Lib)] internal static extern IntPtr kit_pool(IntPtr x, long[] kernel, long[] stride, long[] padding, int nd, int isMax, int ceilMode, int countIncludePad);
    [DllImport(Lib)] internal static extern IntPtr kit_im2col(IntPtr x, long[] kernel, long[] dilation, long[] padding, long[] stride);
    [DllImport(Lib)] internal static extern IntPtr kit_col2im(IntPtr x, long[] outputSize, long[] kernel, long[] dilation, long[] padding, long[] stride);
    [DllImport(Lib)] internal static extern IntPtr kit_interpolate(IntPtr x, long[] size, int n, int mode, int alignCorners);
    [DllImport(Lib)] internal static extern IntPtr kit_grid_sample(IntPtr x, IntPtr grid, int mode, int padding, int alignCorners);
    [DllImport(Lib)] internal static extern IntPtr kit_track_points(IntPtr flows, IntPtr starts, IntPtr seeds, int length, int median, out IntPtr displacements, out IntPtr inView);
    [DllImport(Lib)] internal static extern IntPtr kit_point_orientation_histograms(IntPtr frames, IntPtr positions, IntPtr frameOf, int k, int pad, int bins, int isSigned, int soft);
    [DllImport(Lib)] internal static extern IntPtr kit_trajectory_parts(IntPtr displacements, IntPtr shape, IntPtr inView, double scale, int patchNorm, out IntPtr shapeOut, out IntPtr tokenValid, out IntPtr positionValid, out IntPtr shapeValid);
    [DllImport(Lib)] internal static extern IntPtr kit_compose_flows(IntPtr flows, IntPtr starts, int stride);
    [DllImport(Lib)] internal static extern IntPtr kit_invert_flows(IntPtr flows, int iterations);
    [DllImport(Lib)] internal static extern IntPtr kit_pixel_cubes(IntPtr clip, int tubelet, int patch, int normalize, double eps, int gap);
    [DllImport(Lib)] internal static extern IntPtr kit_propagate_maps(IntPtr initial, IntPtr afterFlows, IntPtr beforeFlows, IntPtr baseFrames, int warping, int fill, IntPtr uniform, double rho);
    [DllImport(Lib)] internal static extern IntPtr kit_cell_orientation_histograms(IntPtr images, int cell, int bins, int isSigned, int soft, int gradient, int normalize);
    [DllImport(Lib)] internal static extern IntPtr kit_pad(IntPtr x, long[] pads, int n, int mode, double value);
    [DllImport(Lib)] internal static extern IntPtr kit_cross_entropy(IntPtr input, IntPtr target, IntPtr weight, int reduction, long ignoreIndex, double labelSmoothing);
    [DllImport(Lib)] internal static extern IntPtr kit_nll_loss(IntPtr input, IntPtr target, int reduction);
    [DllImport(Lib)] internal static extern IntPtr kit_regression_loss(int kind, IntPtr input, IntPtr target, int reduction, double beta);

    // autograd_optim.cpp
    [DllImport(Lib)] internal static extern int kit_backward(IntPtr t, IntPtr grad, int retainGraph);
    [DllImport(Lib)] internal static extern IntPtr kit_grad(IntPtr t);
    [DllImport(Lib)] internal static extern int kit_clear_grad(IntPtr t);
    [DllImport(Lib)] internal static extern int kit_adamw_step(IntPtr param, IntPtr grad, IntPtr expAvg, IntPtr expAvgSq, double lr, double beta1, double beta2, double eps, double weightDecay, long step);
    [DllImport(Lib)] internal static extern int kit_sgd_step(IntPtr param, IntPtr grad, IntPtr buf, double lr, double momentum, double dampening, double weightDecay, int nesterov, int firstStep);
    [DllImport(Lib)] internal static extern int kit_set_data(IntPtr t, IntPtr data);
    [DllImport(Lib)] internal static extern double kit_clip_grad_norm(IntPtr[] grads, int n, double maxNorm, double normType);
    [DllImport(Lib)] internal static extern int kit_adamw_multi_step(IntPtr[] param, IntPtr[] grad, IntPtr[] expAvg, IntPtr[] expAvgSq, long[] steps, int n, double lr, double beta1, double beta2, double eps, double weightDecay, int allowFused);

    // autocast.cpp
    [DllImport(Lib)] internal static extern int kit_autocast_get(int deviceType, out int enabled, out int dtype);
    [DllImport(Lib)] internal static extern int kit_autocast_set(int deviceType, int enabled, int dtype, int enter);
    [DllImport(Lib)] internal static extern int kit_set_allow_tf32(int allow);
    [DllImport(Lib)] internal static extern int kit_get_allow_tf32();
    [DllImport(Lib)] internal static extern int kit_amp_unscale_(IntPtr[] grads, int n, double invScale);

    // attention.cpp
    [DllImport(Lib)] internal static extern int kit_sdpa_available();
    [DllImport(Lib)] internal static extern IntPtr kit_scaled_dot_product_attention(IntPtr q, IntPtr k, IntPtr v);

    // distributed.cpp
    [DllImport(Lib)] internal static extern int kit_dist_backends();
    [DllImport(Lib)] internal static extern IntPtr kit_dist_init([MarshalAs(UnmanagedType.LPUTF8Str)] string masterAddr, int masterPort, int rank, int worldSize, [MarshalAs(UnmanagedType.LPUTF8Str)] string backend, long timeoutMs);
    [DllImport(Lib)] internal static extern void kit_dist_free(IntPtr group);
    [DllImport(Lib)] internal static extern int kit_dist_allreduce_mean_(IntPtr group, IntPtr[] tensors, int n, long bucketBytes);
    [DllImport(Lib)] internal static extern int kit_dist_broadcast_(IntPtr group, IntPtr[] tensors, int n, int root);
    [DllImport(Lib)] internal static extern int kit_dist_barrier(IntPtr group);
    [DllImport(Lib)] internal static extern IntPtr kit_dist_reducer_new(IntPtr group, IntPtr[] parameters, int n, long bucketBytes);
    [DllImport(Lib)] internal static extern int kit_dist_reducer_prepare(IntPtr reducer);
    [DllImport(Lib)] internal static extern int kit_dist_reducer_finish(IntPtr reducer);
    [DllImport(Lib)] internal static extern int kit_dist_reducer_buckets(IntPtr reducer);
    [DllImport(Lib)] internal static extern void kit_dist_reducer_free(IntPtr reducer);

    // serialize.cpp
    [DllImport(Lib)] internal static extern int kit_archive_save(IntPtr[] names, IntPtr[] tensors, int n, IntPtr meta, out IntPtr output, out long length);
    [DllImport(Lib)] internal static extern void kit_buffer_free(IntPtr p);
    [DllImport(Lib)] internal static extern unsafe IntPtr kit_archive_load(byte* data, long length);
    [DllImport(Lib)] internal static extern int kit_archive_count(IntPtr a);
    [DllImport(Lib)] internal static extern IntPtr kit_archive_name(IntPtr a, int i);
    [DllImport(Lib)] internal static extern IntPtr kit_archive_tensor(IntPtr a, int i);
    [DllImport(Lib)] internal static extern IntPtr kit_archive_meta(IntPtr a);
    [DllImport(Lib)] internal static extern void kit_archive_free(IntPtr a);
}
