-- Removes what the pgbench replay (enrolment-ceiling.pgbench) wrote, so the data set is as the API left it.
-- psql -v schema=traininghub -v mark=<max(seq_id) before pgbench> -f remove-pgbench-rows.sql
-- Every event after the mark is pgbench's (bench/write.sh stops the API first). The replay's people are marked in
-- their partner records: e-mail @pgbench.invalid (the person itself holds only a hash); its enrolments by those
-- records' references 'pgbench-ceiling-...'. Gone with them: the person and partner-record streams, events and
-- documents, the enrolments' trainee_enrolled events, views and Idempotency-Key rows. The offering streams get
-- their versions back (the replay's events were the last ones in them), their snapshots the mt_version saved in
-- bench_write.offering_versions before the run (the replay writes each snapshot back unchanged otherwise).
-- Removes nothing (and fails) when an event after the mark is not the replay's: something else wrote meanwhile.
begin;
create temp table pgb_ev on commit drop as
  select seq_id, stream_id, type, data from :"schema".mt_events where seq_id > :mark;
create temp table pgb_pt on commit drop as
  select distinct stream_id as id, (data->>'TraineeId')::uuid as trainee_id from pgb_ev
  where type = 'partner_trainee_registered' and data->'Person'->>'Email' like '%@pgbench.invalid';
create temp table pgb_tr on commit drop as
  select distinct trainee_id as id from pgb_pt;
create temp table pgb_en on commit drop as
  select distinct (data->>'EnrolmentId')::uuid as id from pgb_ev
  where type = 'partner_trainee_enrolment_referenced' and stream_id in (select id from pgb_pt)
    and data->>'PartnerReference' like 'pgbench-ceiling-%';
create temp table pgb_off on commit drop as
  select stream_id as id, count(*) as n from pgb_ev
  where type = 'trainee_enrolled' and (data->>'EnrolmentId')::uuid in (select id from pgb_en) group by stream_id;
delete from :"schema".mt_events e using pgb_ev p where e.seq_id = p.seq_id
  and (p.stream_id in (select id from pgb_tr) or p.stream_id in (select id from pgb_pt)
       or (p.type = 'trainee_enrolled' and (p.data->>'EnrolmentId')::uuid in (select id from pgb_en)));
delete from :"schema".mt_streams where id in (select id from pgb_tr) or id in (select id from pgb_pt);
delete from :"schema".mt_doc_trainee where id in (select id from pgb_tr);
delete from :"schema".mt_doc_partnertrainee where id in (select id from pgb_pt);
delete from :"schema".mt_doc_enrolmentview where id in (select id from pgb_en);
delete from :"schema".mt_doc_enrolmentidempotency where id in (select id from pgb_en);
update :"schema".mt_streams s set version = s.version - o.n from pgb_off o where s.id = o.id;
update :"schema".mt_doc_offering d set mt_version = v.mt_version
  from bench_write.offering_versions v, pgb_off o where d.id = o.id and v.id = o.id;
select count(*) = 0 as clean from :"schema".mt_events where seq_id > :mark \gset
\if :clean
commit;
\else
rollback;
select 'events after the mark that the replay did not write: nothing removed'::int; -- fails: psql exits non-zero
\endif
