-- tests/bench/petitions.sql - petitions :lo..:hi for the benchmark, in one
-- INSERT ... SELECT, with the triggers off (session_replication_role =
-- replica: neither the statistics trigger nor the foreign-key checks fire;
-- every reference is made valid here), so td_stat_rebuild() must follow.
-- psql variables: lo, hi, creator (a principals.id), ncomm (communes in
-- bench_communes).
--
-- The mix: communes skewed (a few are much busier; the permutation by 7919
-- spreads the busy ones over the provinces), received over the last five
-- years (1,826 days, as long as the reports that span them: stats.sh asks
-- for one month, twelve and sixty) with a growing trend; kinds mostly
-- feedback and recommendations;
-- 89% resolved (about 90% of those on time), some not accepted,
-- transferred or withdrawn, 3.5% still open (80% of them received in the
-- last 90 days, the rest older and so mostly overdue); 3% group petitions.
-- Summaries and petitioners' names are Vietnamese, varied enough for the
-- search benchmark (tests/bench/search.sh).

SET session_replication_role = replica;

INSERT INTO petitions
  (receipt_no, idempotency_key, request_hash, unit_id, kind, channel, field,
   group_size, petitioner_name, petitioner_id_number, confidential, summary,
   status, outcome,
   received_at, accepted_at, closed_at, deadline, deadline_step,
   deadline_start, transfer_target, satisfaction, created_by, created_at,
   updated_at)
SELECT c.prefix || '-'
         || extract(year FROM z.recv AT TIME ZONE 'Asia/Ho_Chi_Minh')::int
         || '-' || z.g,
       md5(z.g::text)::uuid,
       int8send(z.g),
       c.id, z.kind, z.channel, z.field, z.group_size,
       z.name, z.id_number,
       z.kind = 'denunciation',
       z.summary,
       z.status, z.outcome, z.recv, z.acc, z.closed,
       CASE WHEN z.acc IS NULL
            THEN (z.recv AT TIME ZONE 'Asia/Ho_Chi_Minh')::date + 10
            ELSE (z.acc AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
                 + CASE WHEN c.remote THEN 45 ELSE 30 END END,
       CASE WHEN z.acc IS NULL THEN 'accept' ELSE 'resolve' END,
       (coalesce(z.acc, z.recv) AT TIME ZONE 'Asia/Ho_Chi_Minh')::date,
       CASE WHEN z.status = 'transferred' THEN 'UBND huyện' END,
       CASE WHEN z.status = 'resolved'
            THEN CASE WHEN z.r7 < 0.8 THEN 'satisfied' ELSE 'not_satisfied' END END,
       :creator, z.recv, coalesce(z.closed, z.acc, z.recv)
FROM (
  SELECT y.*,
         -- A Vietnamese summary: one of 30 matters, in one of 12 hamlets,
         -- with one of 8 endings, and how many households it touches.
         (ARRAY['Mất điện kéo dài', 'Điện áp yếu làm hỏng thiết bị gia đình',
                'Tranh chấp đất đai với hộ liền kề', 'Lấn chiếm đất công',
                'Đề nghị cấp giấy chứng nhận quyền sử dụng đất',
                'Khiếu nại quyết định thu hồi đất',
                'Bồi thường giải phóng mặt bằng chưa thỏa đáng',
                'Đường liên thôn xuống cấp, lầy lội', 'Đề nghị sửa cầu treo',
                'Thiếu nước sinh hoạt mùa khô', 'Ô nhiễm nước thải từ trại chăn nuôi',
                'Đổ rác thải sai nơi quy định', 'Tiếng ồn karaoke ban đêm',
                'Chậm chi trả trợ cấp xã hội', 'Xét hộ nghèo chưa đúng đối tượng',
                'Đề nghị hỗ trợ nhà ở cho hộ khó khăn', 'Trường học thiếu phòng học',
                'Trạm y tế thiếu thuốc', 'Sạt lở đất sau mưa lũ',
                'Cháy rừng, đề nghị kiểm tra trách nhiệm',
                'Tố cáo cán bộ thôn thu tiền trái quy định',
                'Thủ tục hành chính chậm trễ',
                'Đề nghị hướng dẫn dịch vụ công trực tuyến', 'Mạng internet chập chờn',
                'Trộm cắp gia súc', 'Đánh bạc tại nhà văn hóa',
                'Lễ hội chiếm dụng lòng đường', 'Đèn chiếu sáng công cộng hỏng',
                'Kênh mương thủy lợi bị bồi lấp', 'Giá điện tăng bất thường'])
           [1 + floor(y.r12 * 30)::int]
         || ' tại ' ||
         (ARRAY['thôn Nà Phầy', 'bản Khuổi Ngọa', 'thôn Pác Nặm', 'bản Lìm',
                'thôn Trung', 'làng Mới', 'thôn Đồng Tâm', 'bản Hua Tạt',
                'thôn Tân Lập', 'xóm Đình', 'thôn Bắc Sơn', 'bản Phiêng Luông'])
           [1 + floor(y.r13 * 12)::int]
         || ', ảnh hưởng ' || (1 + floor(y.r14 * 60)::int) || ' hộ, ' ||
         (ARRAY['đề nghị xã sớm xem xét', 'đã phản ánh nhiều lần chưa được giải quyết',
                'kéo dài nhiều ngày', 'gây bức xúc trong nhân dân',
                'đề nghị kiểm tra, xử lý', 'mong được trả lời bằng văn bản',
                'đề nghị chuyển cơ quan có thẩm quyền', 'xin được đối thoại trực tiếp'])
           [1 + floor(y.r15 * 8)::int] AS summary,
         -- About 2,000 names, so a name is rare in a commune.
         (ARRAY['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vàng', 'Lò', 'Hà',
                'Nông', 'Ma', 'Triệu', 'Đặng', 'Bùi', 'Sùng'])
           [1 + floor(y.r16 * 14)::int] || ' ' ||
         (ARRAY['Văn', 'Thị', 'Đức', 'Minh', 'Thu', 'A'])
           [1 + floor(y.r17 * 6)::int] || ' ' ||
         (ARRAY['An', 'Bình', 'Chiến', 'Dũng', 'Điệp', 'Giang', 'Hoa', 'Hùng',
                'Khánh', 'Lan', 'Mai', 'Nam', 'Ngọc', 'Phúc', 'Quỳnh', 'Sáng',
                'Tâm', 'Thắng', 'Thảo', 'Tuấn', 'Vinh', 'Xuân', 'Yến', 'Páo'])
           [1 + floor(y.r18 * 24)::int] AS name,
         '0' || lpad(floor(y.r19 * 1e11)::bigint::text, 11, '0') AS id_number,
         -- Accepted 1-7 days after receipt, if it ever was.
         CASE WHEN y.status IN ('accepted', 'in_progress', 'resolved')
                   OR (y.status = 'withdrawn' AND y.r6 < 0.5)
              THEN least(y.recv + (1 + y.r6 * 6) * interval '1 day', now()) END
           AS acc,
         CASE y.status
           WHEN 'resolved' THEN least(
             y.recv + (1 + y.r6 * 6) * interval '1 day'
               + CASE WHEN y.r7 < 0.9 THEN y.r8 * 28 * interval '1 day'
                      ELSE (31 + y.r8 * 25) * interval '1 day' END,
             now())
           WHEN 'not_accepted' THEN least(y.recv + (1 + y.r8 * 8) * interval '1 day', now())
           WHEN 'transferred' THEN least(y.recv + (1 + y.r8 * 4) * interval '1 day', now())
           WHEN 'withdrawn' THEN least(y.recv + (7 + y.r8 * 14) * interval '1 day', now())
         END AS closed,
         CASE WHEN y.status = 'resolved' THEN
           CASE WHEN y.r9 < 0.60 THEN 'answered_in_writing'
                WHEN y.r9 < 0.80 THEN 'mediated_successfully'
                WHEN y.r9 < 0.88 THEN 'mediation_failed'
                ELSE 'decision_issued' END END AS outcome
  FROM (
    SELECT x.*,
           now() - CASE WHEN x.status IN ('received', 'accepted', 'in_progress')
                        THEN CASE WHEN x.r5 < 0.8 THEN x.r5 / 0.8 * 90
                                  ELSE 90 + (x.r5 - 0.8) / 0.2 * 1736 END
                        ELSE 1826 * power(x.r5, 1.15) END * interval '1 day'
             AS recv
    FROM (
      SELECT g,
             (floor(:ncomm * power(r1, 1.8))::bigint * 7919 % :ncomm)::int AS cidx,
             CASE WHEN r2 < 0.20 THEN 'complaint'
                  WHEN r2 < 0.25 THEN 'denunciation'
                  WHEN r2 < 0.55 THEN 'recommendation'
                  WHEN r2 < 0.90 THEN 'feedback'
                  ELSE 'request' END AS kind,
             CASE WHEN r3 < 0.35 THEN 'regular_reception'
                  WHEN r3 < 0.45 THEN 'periodic_reception'
                  WHEN r3 < 0.50 THEN 'dialogue'
                  WHEN r3 < 0.60 THEN 'voters_meeting'
                  WHEN r3 < 0.65 THEN 'front_supervision'
                  WHEN r3 < 0.70 THEN 'suggestion_box'
                  WHEN r3 < 0.95 THEN 'digital'
                  ELSE 'transferred_in' END AS channel,
             (ARRAY['land', 'social_policy', 'economy', 'rural_infrastructure',
                    'electricity', 'environment', 'admin_procedure',
                    'digital_transformation', 'security_order', 'culture'])
               [1 + floor(10 * power(r4, 1.5))::int] AS field,
             CASE WHEN r10 < 0.03 THEN 5 + floor(r10 / 0.03 * 40)::int
                  WHEN r10 < 0.10 THEN 2 + floor((r10 - 0.03) / 0.07 * 3)::int
                  ELSE 1 END AS group_size,
             CASE WHEN r11 < 0.035 THEN
                    CASE WHEN r11 < 0.014 THEN 'received'
                         WHEN r11 < 0.021 THEN 'accepted'
                         ELSE 'in_progress' END
                  WHEN r11 < 0.045 THEN 'withdrawn'
                  WHEN r11 < 0.075 THEN 'not_accepted'
                  WHEN r11 < 0.110 THEN 'transferred'
                  ELSE 'resolved' END AS status,
             r5, r6, r7, r8, r9, r12, r13, r14, r15, r16, r17, r18, r19
      FROM (SELECT g, random() AS r1, random() AS r2, random() AS r3,
                   random() AS r4, random() AS r5, random() AS r6,
                   random() AS r7, random() AS r8, random() AS r9,
                   random() AS r10, random() AS r11, random() AS r12,
                   random() AS r13, random() AS r14, random() AS r15,
                   random() AS r16, random() AS r17, random() AS r18,
                   random() AS r19
            FROM generate_series(:lo::bigint, :hi::bigint) g) r
    ) x
  ) y
) z
JOIN bench_communes c ON c.idx = z.cidx;
