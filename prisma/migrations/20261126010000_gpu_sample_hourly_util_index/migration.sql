-- A job's utilization reads the hourly rollup of each GPU it held, hour by hour: with the mean in the index,
-- that is an index-only scan rather than one heap page per GPU-hour (86,016 for 512 GPUs over 7 days).
CREATE INDEX "gpu_sample_hourly_gpu_id_hour_util_idx" ON "gpu_sample_hourly"("gpu_id", "hour") INCLUDE ("util_avg");
