import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A daily job's run on one day (UTC), claimed by the one instance that runs it. */
@Entity('job_runs')
export class JobRun {
  @PrimaryColumn('text')
  job: string;

  /** "YYYY-MM-DD" in UTC. */
  @PrimaryColumn('text')
  day: string;

  @Column('timestamptz', { name: 'started_at' })
  startedAt: Date;

  @Column('timestamptz', { name: 'finished_at', nullable: true })
  finishedAt: Date | null;

  @Column('jsonb', { nullable: true })
  result: Record<string, number> | null;
}
